// The CI gate end to end: --baseline (new failures, still failing, fixed, new checks),
// --write-baseline, --deviations (accepted, expired, unknown ids) and their config errors.
// Every run is limited by --grep to the foreign-coupon rule (about 9 checks, 2-3 s) and the
// runs that do not depend on each other go two at a time.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import { runCli, tempDir, writeJson, type CliRun } from '../support/cli.ts';
import { main } from '../../src/cli/main.ts';

const GREP = ['--grep', 'issued to another customer'];
const CHECK = 'bulk-redeem.foreign-coupon';

type Gated = Omit<NonNullable<CliRun['results']>, 'checks'> & {
  baseline?: { file: string; newFailures: string[]; fixed: string[]; stillFailing: string[]; new: string[]; notRun: string[] };
  deviations?: { accepted: { id: string }[]; expired: { id: string; expires: string }[]; unused: { id: string }[]; unknown: string[] };
  gate?: { counted: string[]; notCounted: { id: string; why: string }[] };
  checks: (NonNullable<CliRun['results']>['checks'][number] & { accepted?: { reason: string; expires?: string }; deviationExpired?: { expires: string }; rules?: string[] })[];
};
const gated = (run: CliRun) => run.results as Gated;
const checkOf = (run: CliRun, id = CHECK) => gated(run).checks.find((c) => c.id === id)!;
const why = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

/** A configuration error is found before anything runs: main() in-process, stderr captured. */
async function configRun(args: string[]): Promise<{ code: number; stderr: string }> {
  const saved = Object.entries(process.env).filter(([k]) => k.startsWith('CONFORMANCE_') || k.startsWith('FC_'));
  for (const [k] of saved) delete process.env[k];
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'conformance', '--reports', tempDir('conformance-unused-'), ...args]);
    return { code, stderr };
  } finally {
    process.stderr.write = write;
    for (const [k, v] of saved) process.env[k] = v;
  }
}

async function pairwise<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  }));
  return out;
}

describe('ci: the gate (--baseline, --write-baseline, --deviations)', function () {
  this.timeout(240_000);
  let sim: Simulator;
  const dir = tempDir('conformance-gate-');
  const cleanBaseline = join(dir, 'clean-baseline.json');
  const faultyBaseline = join(dir, 'faulty-baseline.json');
  const withoutCheck = join(dir, 'baseline-without-check.json');
  const faulty = (extra: string[]) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), ...GREP, ...extra]);
  const runs: Record<string, CliRun> = {};

  before(async () => {
    sim = await startSimulator({ faults: ['foreign-coupon'] });
    const devFile = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const accepted = devFile('accepted.yaml', `deviations:\n  - id: ${CHECK}\n    reason: the vendor redeems coupons of other customers (VEN-1)\n    expires: 2999-12-31\n  - id: no-such.check\n    reason: a typo\n`);
    const expired = devFile('expired.json', JSON.stringify([{ id: CHECK, reason: 'accepted until the vendor fix (VEN-1)', expires: '2020-01-31' }]));
    // Stage 1: the two baselines, a clean run (embedded host) and a faulty one (which also
    // accepts the failure as a deviation: a baseline records statuses, accepted or not).
    [runs.recordClean, runs.accepted] = await Promise.all([
      runCli([...GREP, '--write-baseline', cleanBaseline]),
      faulty(['--deviations', accepted, '--write-baseline', faultyBaseline]),
    ]);
    const clean = JSON.parse(readFileSync(cleanBaseline, 'utf8'));
    clean.checks = clean.checks.filter((c: { id: string }) => c.id !== CHECK);
    writeFileSync(withoutCheck, JSON.stringify(clean));
    // Stage 2: the judgements, two at a time.
    const jobs: [string, () => Promise<CliRun>][] = [
      ['newFailure', () => faulty(['--baseline', cleanBaseline, '--deviations', expired])],
      ['fixed', () => runCli([...GREP, '--baseline', faultyBaseline])],
      ['stillFailing', () => faulty(['--baseline', faultyBaseline])],
      ['absent', () => faulty(['--baseline', withoutCheck])],
    ];
    const done = await pairwise(jobs.map(([, job]) => job));
    jobs.forEach(([name], i) => (runs[name] = done[i]));
    runs.expired = runs.newFailure;
  });
  after(async () => {
    await sim?.stop();
  });

  describe('--write-baseline', () => {
    it('records the run\'s own results.json (redacted) and keeps the run\'s exit code', () => {
      expect(runs.recordClean.code, why(runs.recordClean)).to.equal(0);
      expect(readFileSync(cleanBaseline, 'utf8')).to.equal(runs.recordClean.reports['results.json']);
      expect(runs.recordClean.stdout).to.include(`baseline written: ${cleanBaseline}`);
      expect(runs.accepted.code, why(runs.accepted)).to.equal(0);
      expect(JSON.parse(readFileSync(faultyBaseline, 'utf8')).checks.find((c: { id: string }) => c.id === CHECK).status).to.equal('failed');
      expect(readFileSync(faultyBaseline, 'utf8')).not.to.include(sim.fixtures.auth.password);
    });
  });

  describe('--baseline', () => {
    it('exits 1 on a check that passed in the baseline and fails now, listing it as a new failure', () => {
      const run = runs.newFailure;
      expect(run.code, why(run)).to.equal(1);
      expect(gated(run).baseline).to.include({ file: cleanBaseline });
      expect(gated(run).baseline!.newFailures).to.deep.equal([CHECK]);
      expect(gated(run).baseline!.stillFailing).to.deep.equal([]);
      expect(gated(run).gate!.counted).to.deep.equal([CHECK]);
      expect(run.stdout).to.match(new RegExp(`new failures \\(passed in the baseline, fail now\\): 1\\n\\s+✗ ${CHECK.replace('.', '\\.')}`));
      expect(run.results!.run.exitCode).to.equal(1);
    });

    it('exits 0 when the check failed in the baseline too: still failing, not new', () => {
      const run = runs.stillFailing;
      expect(run.code, why(run)).to.equal(0);
      expect(checkOf(run).status).to.equal('failed');
      expect(gated(run).baseline!.stillFailing).to.deep.equal([CHECK]);
      expect(gated(run).baseline!.newFailures).to.deep.equal([]);
      expect(gated(run).gate).to.deep.equal({ counted: [], notCounted: [{ id: CHECK, why: 'failing in the baseline too' }] });
      expect(run.stdout).to.match(/still failing \(failed in the baseline too, not counted\): 1/);
      expect(run.results!.summary.failed).to.equal(1);
    });

    it('lists a check that failed in the baseline and passes now as fixed', () => {
      const run = runs.fixed;
      expect(run.code, why(run)).to.equal(0);
      expect(gated(run).baseline!.fixed).to.deep.equal([CHECK]);
      expect(run.stdout).to.match(/fixed \(failed in the baseline, pass now\): 1\n\s+✓ bulk-redeem\.foreign-coupon/);
    });

    it('judges a check absent from the baseline normally: new, and failing counts', () => {
      const run = runs.absent;
      expect(run.code, why(run)).to.equal(1);
      expect(gated(run).baseline!.new).to.deep.equal([CHECK]);
      expect(gated(run).baseline!.newFailures).to.deep.equal([]);
      expect(gated(run).gate!.counted).to.deep.equal([CHECK]);
      expect(run.stdout).to.match(/new checks \(not in the baseline, judged normally\): 1, 1 failing/);
    });

    it('is a configuration error (exit 2, naming --baseline, nothing run) when the file is missing or malformed', async () => {
      const bad = [join(dir, 'nope.json'), writeJson('{"checks": [', 'broken.json'), writeJson({ run: {} }, 'no-checks.json'), writeJson({ checks: [{ id: 'x', status: 'green' }] }, 'bad-status.json')];
      for (const [i, file] of bad.entries()) {
        const run = await configRun(['--baseline', file]);
        expect(run.code, `${bad[i]}: ${run.stderr}`).to.equal(2);
        expect(run.stderr).to.match(/^conformance: configuration error: --baseline: /);
        expect(run.stderr).to.include(bad[i]);
        if (i === 3) expect(run.stderr).to.include('checks[0].status');
      }
      // And through the real command line, nothing is run.
      const run = await runCli(['--baseline', bad[0]]);
      expect(run.code, why(run)).to.equal(2);
      expect(run.stderr).to.match(/--baseline: .*no such file/);
      expect(run.reports['results.json']).to.equal(undefined);
    });
  });

  describe('--deviations', () => {
    it('reports an accepted deviation as accepted (still failed in the reports) and exits 0', () => {
      const run = runs.accepted;
      expect(run.code, why(run)).to.equal(0);
      const check = checkOf(run);
      expect(check.status).to.equal('failed');
      expect(check.accepted).to.deep.equal({ reason: 'the vendor redeems coupons of other customers (VEN-1)', expires: '2999-12-31' });
      expect(check.failure!.details![0]).to.match(/^Accepted as a known vendor deviation/);
      expect(gated(run).deviations!.accepted.map((d) => d.id)).to.deep.equal([CHECK]);
      expect(gated(run).gate).to.deep.equal({ counted: [], notCounted: [{ id: CHECK, why: 'accepted deviation' }] });
      expect(run.stdout).to.include(`≈ ${CHECK}: accepted (the vendor redeems coupons of other customers (VEN-1); until 2999-12-31)`);
      expect(run.reports['junit.xml']).to.match(/<failure/);
      expect(run.reports['report.html']).to.include('Accepted as a known vendor deviation');
    });

    it('warns about an id that names no check of the suite', () => {
      expect(runs.accepted.stderr).to.match(/warning: --deviations .*'no-such\.check' names no check of the suite/);
      expect(gated(runs.accepted).deviations!.unknown).to.deep.equal(['no-such.check']);
    });

    it('counts an expired deviation again (exit 1) and says it expired', () => {
      const run = runs.expired;
      expect(run.code, why(run)).to.equal(1);
      expect(checkOf(run).accepted).to.equal(undefined);
      expect(checkOf(run).deviationExpired).to.deep.equal({ reason: 'accepted until the vendor fix (VEN-1)', expires: '2020-01-31' });
      expect(gated(run).deviations!.expired.map((d) => d.id)).to.deep.equal([CHECK]);
      expect(run.stdout).to.include(`${CHECK}: the accepted deviation EXPIRED on 2020-01-31`);
      expect(gated(run).gate!.counted).to.deep.equal([CHECK]);
    });

    it('is a configuration error naming the key for a malformed file or an entry without id or reason', async () => {
      const cases: [string, string, RegExp][] = [
        ['no-reason.yaml', 'deviations:\n  - id: bulk-redeem.foreign-coupon\n', /deviations\[0\]\.reason: /],
        ['no-id.json', JSON.stringify({ deviations: [{ reason: 'x' }] }), /deviations\[0\]\.id: /],
        ['bad-date.yaml', '- id: a.b\n  reason: r\n  expires: next week\n', /deviations\[0\]\.expires: /],
        ['typo.yaml', '- id: a.b\n  reason: r\n  expiry: 2030-01-01\n', /deviations\[0\]\.expiry: .*unknown key/],
        ['broken.yaml', 'deviations: [ {id: a.b\n', /--deviations: .* is not valid YAML/],
        ['not-a-list.yaml', 'deviations: 3\n', /deviations: .*must be a list/],
      ];
      const files = cases.map(([name, text]) => {
        const file = join(dir, name);
        writeFileSync(file, text);
        return file;
      });
      for (const [i, file] of files.entries()) {
        const run = await configRun(['--deviations', file]);
        expect(run.code, `${cases[i][0]}: ${run.stderr}`).to.equal(2);
        expect(run.stderr, cases[i][0]).to.match(cases[i][2]);
        expect(run.stderr).to.match(/^conformance: configuration error: /);
      }
      const missing = await configRun(['--deviations', join(dir, 'none.yaml')]);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/--deviations: .*no such file/);
    });
  });
});
