// `npx conformance replay FILE...` end to end, as a user runs it: a run against a faulty
// reference host saves each failure under <reports>/failures/<check-id>.json (credentials
// redacted); replaying a file against a host with the fault says STILL FAILING (exit 1),
// against a clean host FIXED (exit 0), against a host with another fault FAILING DIFFERENTLY;
// a bad file is exit 2 naming it. 127.0.0.1 only.
import { expect } from 'chai';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Simulator } from '../../simulator/index.ts';
import { Hosts } from '../reliability/support.ts';
import { runCli, tempDir, writeJson, type CliRun } from '../support/cli.ts';
import { basicToken, md5hex } from '../../src/redact.ts';
import type { SavedFailure } from '../../src/replay/index.ts';

function hostArgs(sim: Simulator): string[] {
  return ['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures)];
}

describe('replay: npx conformance replay FILE...', function () {
  this.timeout(240_000);
  const hosts = new Hosts();
  const start = (faults: string[] = []) => hosts.start({ faults });
  after(() => hosts.stopAll());

  /** Runs the suite (a subset) against a host with `fault` and returns the run and the saved failure files by check id. */
  async function failuresOf(fault: string, grep: string): Promise<{ run: CliRun; sim: Simulator; files: Record<string, string> }> {
    const sim = await start([fault]);
    const run = await runCli([...hostArgs(sim), '--seed', '42', '--grep', grep, '--progress', 'plain']);
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    const files: Record<string, string> = {};
    for (const name of Object.keys(run.reports)) {
      const m = /^failures\/(.+)\.json$/.exec(name.replaceAll('\\', '/'));
      if (m) files[m[1]] = join(run.reportsDir, name);
    }
    return { run, sim, files };
  }

  const replayCli = (sim: Simulator, files: string[]) => runCli([...hostArgs(sim), 'replay', ...files]);

  /** One saved failure of a run against `fault`: its file and what it holds. */
  async function savedCase(fault: string, grep: string, check: string): Promise<{ file: string; saved: SavedFailure }> {
    const { run, files } = await failuresOf(fault, grep);
    return { file: files[check], saved: JSON.parse(run.reports[`failures/${check}.json`]) as SavedFailure };
  }

  describe('a request rule (points-wrong-code, points-update.error-749-both-identifiers)', () => {
    let saved: { run: CliRun; sim: Simulator; files: Record<string, string> };
    let file: string;
    before(async () => {
      saved = await failuresOf('points-wrong-code', 'points-update');
      file = saved.files['points-update.error-749-both-identifiers'];
    });

    it('saves every failed check, redacted, with what re-running it needs', () => {
      const failedIds = saved.run.results!.checks.filter((c) => c.status === 'failed').map((c) => c.id).sort();
      expect(Object.keys(saved.files).sort()).to.deep.equal(failedIds);
      const s = JSON.parse(saved.run.reports['failures/points-update.error-749-both-identifiers.json']) as SavedFailure;
      expect(s).to.include({ format: 'conformance-failure/1', check: 'points-update.error-749-both-identifiers', rule: 'points-update.error-749-both-identifiers', kind: 'undocumented-code', seed: 42, checkKind: 'scenario' });
      expect(s.failure.received).to.include('750');
      expect(s.failure.documented).to.include('749');
      expect(s.requests[0]).to.match(/^curl .*updateRedemption/).and.include('Basic ***');
      expect(s.options.bulkMax).to.equal(50);
      const { username, password } = saved.sim.fixtures.auth;
      for (const text of Object.keys(saved.files).map((id) => saved.run.reports[`failures/${id}.json`])) {
        for (const secret of [password, md5hex(password), basicToken(username, password)]) expect(text).not.to.include(secret);
      }
      expect(saved.run.stdout).to.include('failures saved:');
    });

    it('says STILL FAILING against a host with the fault (exit 1), with Received / Documented', async () => {
      const r = await replayCli(await start(['points-wrong-code']), [file]);
      expect(r.code, r.stdout + r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^STILL FAILING {2}points-update\.error-749-both-identifiers/m);
      expect(r.stdout).to.include('Received:').and.include('codes 750');
      expect(r.stdout).to.include('0 fixed, 1 still failing');
    });

    it('says FIXED against a clean host (exit 0)', async () => {
      const r = await replayCli(await start(), [file]);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^FIXED {2}points-update\.error-749-both-identifiers/m);
      expect(r.stdout).to.include('1 fixed, 0 still failing');
    });

    it('says FAILING DIFFERENTLY against a host that breaks the rule another way (both identifiers accepted), showing both', async () => {
      const r = await replayCli(await start(['points-both-identifiers']), [file]);
      expect(r.code, r.stdout + r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^FAILING DIFFERENTLY {2}points-update\.error-749-both-identifiers/m);
      expect(r.stdout).to.include('saved:').and.include('now:').and.include('differs: kind: undocumented-code →');
    });

    it('exits 1 when one of several cases is still failing, 0 only when all are fixed', async () => {
      const all = Object.values(saved.files);
      const bad = await replayCli(await start(['points-wrong-code']), all);
      expect(bad.code).to.equal(1);
      expect(bad.stdout).to.include(`0 fixed, ${all.length} still failing`);
      const good = await replayCli(await start(), all);
      expect(good.code, good.stdout).to.equal(0);
      expect(good.stdout).to.include(`${all.length} fixed, 0 still failing`);
    });
  });

  describe('a shrunk property case (points-both-identifiers, points-update.negative_data_rejection.both-identifiers)', () => {
    let file: string;
    let savedFailure: SavedFailure;
    before(async () => {
      ({ file, saved: savedFailure } = await savedCase('points-both-identifiers', 'negative_data_rejection.both-identifiers', 'points-update.negative_data_rejection.both-identifiers'));
    });

    it('saves its seed, fast-check path and counterexample', () => {
      expect(savedFailure.checkKind).to.equal('property');
      expect(savedFailure.seed).to.equal(42);
      expect(savedFailure.path).to.match(/^\d+(:\d+)*$/);
      expect(savedFailure.failure.counterexample).to.be.a('string');
    });

    it('replays exactly the counterexample at its path, without shrinking: STILL FAILING with the fault', async () => {
      const r = await replayCli(await start(['points-both-identifiers']), [file]);
      expect(r.code, r.stdout + r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^STILL FAILING {2}points-update\.negative_data_rejection\.both-identifiers/m);
      expect(r.stdout).to.include(`Counterexample: ${savedFailure.failure.counterexample}`);
      expect(r.stdout).to.include('shrunk 0 time(s)');
    });

    it('FIXED against a clean host', async () => {
      const r = await replayCli(await start(), [file]);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^FIXED {2}points-update\.negative_data_rejection\.both-identifiers/m);
    });
  });

  describe('a response check failure (issue-schema-drift, coupon-issue.response_schema_conformance)', () => {
    let file: string;
    let s: SavedFailure;
    before(async () => {
      ({ file, saved: s } = await savedCase('issue-schema-drift', 'coupon-issue', 'coupon-issue.response_schema_conformance'));
    });

    it('saves the rule whose request showed it', () => {
      expect(s.checkKind).to.equal('response');
      expect(s.rule).to.be.a('string').and.not.equal(s.check);
      expect(s.rule).to.match(/^coupon-issue\./);
    });

    it('re-runs that rule: STILL FAILING with the fault, FIXED without it', async () => {
      const still = await replayCli(await start(['issue-schema-drift']), [file]);
      expect(still.code, still.stdout + still.stderr).to.equal(1);
      expect(still.stdout).to.match(new RegExp(`^STILL FAILING {2}coupon-issue\\.response_schema_conformance \\(re-ran ${s.rule.replaceAll('.', '\\.')}\\)`, 'm'));
      const fixed = await replayCli(await start(), [file]);
      expect(fixed.code, fixed.stdout + fixed.stderr).to.equal(0);
      expect(fixed.stdout).to.match(/^FIXED {2}coupon-issue\.response_schema_conformance/m);
    });
  });

  describe('a bad replay file', () => {
    it('exits 2 naming a file that does not exist, sending nothing', async () => {
      const sim = await start();
      const missing = join(tempDir(), 'nope.json');
      const r = await replayCli(sim, [missing]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include(missing).and.include('cannot be read');
      expect(sim.stats().requests).to.equal(0);
    });

    it('exits 2 naming a file that is not JSON, or not a saved failure, or names no rule of the suite', async () => {
      const dir = tempDir();
      const cases: [string, string, RegExp][] = [
        ['broken.json', '{"format": ', /is not valid JSON/],
        ['other.json', JSON.stringify({ checks: [] }), /is not a saved failure/],
        ['unknown-rule.json', '', /names the rule no-such\.rule, which this suite does not have/],
      ];
      const good = JSON.parse(JSON.stringify({ format: 'conformance-failure/1', check: 'no-such.rule', title: 't', checkKind: 'scenario', rule: 'no-such.rule', operation: '*', seed: 1, failure: { title: 't', received: 'r', documented: 'd', operation: '*' }, requests: [], options: { bulkMax: 50, runs: null }, seen: { host: 'h', started: 's', tool: 't', version: 'v' } }));
      cases[2][1] = JSON.stringify(good);
      const sim = await start();
      for (const [name, text, message] of cases) {
        const file = join(dir, name);
        writeFileSync(file, text);
        const r = await replayCli(sim, [file]);
        expect(r.code, `${name}: ${r.stdout}${r.stderr}`).to.equal(2);
        expect(r.stderr).to.include(file).and.match(message);
      }
    });

    it('exits 2 with no file at all', async () => {
      const r = await runCli(['replay']);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/replay.*needs at least one saved failure/);
    });

    it('exits 2 on an unknown command', async () => {
      const r = await runCli(['replya', 'x.json']);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include("unknown command 'replya'");
    });
  });
});
