// The CLI end to end, as a user runs it: the embedded default, a faulty host, bad configs,
// the write guard and redaction.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import { runCli, startAll, writeJson, type CliRun } from '../support/cli.ts';
import { md5hex, basicToken } from '../../src/redact.ts';

function hostArgs(sim: Simulator, extra: string[] = []): string[] {
  return ['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), ...extra];
}

describe('cli: npx conformance', function () {
  this.timeout(180_000);
  const sims: Simulator[] = [];
  const start = async (options: Parameters<typeof startSimulator>[0] = {}) => {
    const sim = await startSimulator(options);
    sims.push(sim);
    return sim;
  };
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
  });

  describe('with no arguments, against the embedded reference host', () => {
    let run: CliRun;
    before(async () => {
      run = await runCli([]);
    });

    it('exits 0 with every check passed', () => {
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      const { summary, checks } = run.results!;
      expect(summary.failed).to.equal(0);
      expect(summary.skipped).to.equal(0);
      expect(summary.passed).to.equal(checks.length).and.to.be.greaterThan(10);
      expect(checks.filter((c) => c.status !== 'passed')).to.deep.equal([]);
      expect(run.stdout).to.match(/embedded reference host \(http:\/\/127\.0\.0\.1:\d+\)/);
      expect(run.stdout).to.match(new RegExp(`${summary.passed} passed, 0 failed, 0 skipped`));
    });

    it('covers every operation with the four response checks', () => {
      const ids = run.results!.checks.map((c) => c.id);
      for (const prefix of ['coupon-issue', 'bulk-redeem', 'coupon-update', 'points-update']) {
        for (const check of ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
          expect(ids).to.include(`${prefix}.${check}`);
        }
      }
    });

    it('writes all four reports, consistent with each other', () => {
      const { summary, checks, run: info } = run.results!;
      expect(Object.keys(run.reports)).to.include.members(['results.json', 'junit.xml', 'report.html', 'conformance.md', 'requests.jsonl']);
      const junit = run.reports['junit.xml'];
      expect(junit.match(/<testcase /g)?.length).to.equal(summary.total);
      expect(junit.match(/<failure/g)?.length ?? 0).to.equal(summary.failed);
      for (const c of checks) expect(run.reports['report.html'], c.id).to.include(c.id);
      expect(run.reports['report.html']).to.match(new RegExp(`data-passed="${summary.passed}"`));
      for (const c of checks) expect(run.reports['conformance.md'], c.id).to.include(c.id.split('.').slice(1).join('.'));
      expect(run.reports['requests.jsonl'].trim().split('\n')).to.have.length(info.requests);
      expect(info.requests).to.be.greaterThan(0);
      expect(info.embedded).to.equal(true);
    });
  });

  it('fails response_schema_conformance on POST /v2/coupon/issue against issue-schema-drift, naming the field (exit 1)', async () => {
    const sim = await start({ faults: ['issue-schema-drift'] });
    const run = await runCli(hostArgs(sim));
    expect(run.code, run.stderr).to.equal(1);
    const check = run.results!.checks.find((c) => c.id === 'coupon-issue.response_schema_conformance')!;
    expect(check.status).to.equal('failed');
    expect(check.operation).to.equal('POST /v2/coupon/issue');
    expect(check.failure!.received).to.include('/code is required but missing');
    expect(check.failure!.received).to.include('/seriesId must be integer');
    expect(check.failure!.curl).to.match(/^curl .*\/v2\/coupon\/issue/);
    expect(run.stdout).to.include('coupon-issue.response_schema_conformance');
    expect(run.stdout).to.include('Received:');
    expect(run.stdout).to.include('Documented:');
    // the other operations' schema checks are not blamed
    const others = run.results!.checks.filter((c) => c.id.endsWith('.response_schema_conformance') && !c.id.startsWith('coupon-issue'));
    expect(others.every((c) => c.status === 'passed')).to.equal(true);
  });

  describe('bad configuration exits 2, names the problem, and sends nothing', () => {
    // Each case against its own host (so "sent nothing" is that case's), the runs two at a time.
    type Case = { run: CliRun; sent: number };
    const cases: [string, (sim: Simulator) => string[], RegExp][] = [
      ['an unknown flag', (sim) => [...hostArgs(sim), '--no-such-flag'], /unknown option '--no-such-flag'/],
      ['a fixtures file without a required key', (sim) => ['--base-url', sim.baseUrl, '--fixtures', writeJson({ ...sim.fixtures, seriesId: undefined })], /fixtures seriesId: is required but missing/],
      ['a fixtures key of the wrong type', (sim) => ['--base-url', sim.baseUrl, '--fixtures', writeJson({ ...sim.fixtures, customers: [sim.fixtures.customers[0], { ...sim.fixtures.customers[1], id: 'two' }] })], /fixtures customers\[1\]\.id: must be integer/],
      ['a malformed fixtures file', (sim) => ['--base-url', sim.baseUrl, '--fixtures', writeJson('{"seriesId": 1, oops')], /--fixtures: .* is not valid JSON/],
      ['a missing fixtures file', (sim) => ['--base-url', sim.baseUrl, '--fixtures', '/nonexistent/fixtures.json'], /--fixtures: cannot read .*ENOENT/],
      ['a bad URL', (sim) => ['--base-url', 'not a url', '--fixtures', writeJson(sim.fixtures)], /--base-url: 'not a url' is not a URL/],
      ['--base-url without --fixtures', (sim) => ['--base-url', sim.baseUrl], /--fixtures: is required with --base-url/],
      ['a non-numeric --max-rpm', (sim) => [...hostArgs(sim), '--max-rpm', 'fast'], /--max-rpm: must be a whole number/],
      ['a --grep matching no rule', (sim) => [...hostArgs(sim), '--grep', 'no-rule-has-this-title'], /no rule matches --grep/],
    ];
    let runs: Record<string, Promise<Case>>;
    before(() => {
      runs = startAll(Object.fromEntries(cases.map(([what, args]) => [what, async (): Promise<Case> => {
        const sim = await start();
        const run = await runCli(args(sim));
        return { run, sent: sim.stats().requests };
      }])));
    });
    for (const [what, , message] of cases) {
      it(what, async () => {
        const { run, sent } = await runs[what]!;
        expect(run.code, run.stdout + run.stderr).to.equal(2);
        expect(run.stderr).to.match(message);
        expect(sent).to.equal(0);
      });
    }
  });

  it('sends no write request to a remote host without --allow-writes (loopback treated as remote)', async () => {
    const sim = await start();
    const run = await runCli(hostArgs(sim), { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' });
    expect(sim.stats().writes).to.equal(0);
    expect(sim.stats().requests).to.be.greaterThan(0); // the safe (dry-run) rules did run
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const skipped = run.results!.checks.filter((c) => c.status === 'skipped');
    expect(skipped.length).to.be.greaterThan(0);
    // Rules skip for the writes; a response check of an operation no safe rule sent to is not run.
    for (const c of skipped) expect(c.skipReason, c.id).to.match(c.kind === 'response' ? /--allow-writes|^not run: / : /--allow-writes/);
    expect(run.stdout).to.include('read-only (no --allow-writes)');
  });

  it('exits 2 when every selected rule writes and the remote host allows none', async () => {
    const sim = await start();
    const run = await runCli(hostArgs(sim, ['--grep', 'coupon-issue']), { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/nothing safe to run/);
    expect(sim.stats().requests).to.equal(0);
  });

  it('runs the writes with --allow-writes', async () => {
    const sim = await start();
    const run = await runCli(hostArgs(sim, ['--allow-writes', '--max-rpm', '60000']), { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' });
    expect(run.code, run.stdout).to.equal(0);
    expect(sim.stats().writes).to.be.greaterThan(0);
    expect(run.results!.summary.skipped).to.equal(0);
  });

  describe('a canary credential appears in no output, report or log', () => {
    const password = 'CanaryPass-5b1e9c';
    const token = 'CanaryToken-77d0aa41';
    const username = 'canary.till';
    const oauthKey = 'CanaryKey-3f5a90';
    const oauthSecret = 'CanarySecret-6d2e8c14';
    const forms = [password, md5hex(password), basicToken(username, password), token, oauthKey, oauthSecret];
    const assertClean = (run: CliRun) => {
      const texts = { stdout: run.stdout, stderr: run.stderr, ...run.reports };
      for (const [where, text] of Object.entries(texts)) {
        for (const secret of forms) expect(text.includes(secret), `${where} leaks ${secret}`).to.equal(false);
      }
      expect(Object.keys(run.reports)).to.include('results.json');
    };
    // Each run against its own host, which echoes the credentials back in a header and the
    // body (those must be masked too); the runs two at a time.
    const host = () => start({ credentials: { username, password, oauthToken: token }, oauthClient: { key: oauthKey, secret: oauthSecret }, faults: ['echo-credentials'] });
    const fixturesWithout = (sim: Simulator) => ({ ...sim.fixtures, auth: undefined });
    const jobs: Record<string, (sim: Simulator) => Promise<CliRun>> = {
      flag: (sim) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(fixturesWithout(sim)), '--username', username, '--password', password]),
      env: (sim) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(fixturesWithout(sim))], { CONFORMANCE_USERNAME: username, CONFORMANCE_PASSWORD: password, CONFORMANCE_OAUTH_TOKEN: token }),
      fixtures: (sim) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures)]),
      oauthKey: (sim) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(fixturesWithout(sim))], { CONFORMANCE_OAUTH_KEY: oauthKey, CONFORMANCE_OAUTH_SECRET: oauthSecret }),
      oauthToken: (sim) => runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(fixturesWithout(sim)), '--oauth-token', token]),
    };
    let runs: Record<string, Promise<CliRun>>;
    before(() => {
      runs = startAll(Object.fromEntries(Object.entries(jobs).map(([k, job]) => [k, async () => job(await host())])));
    });
    it('given by flag', async () => {
      const run = await runs.flag!;
      expect(run.results!.summary.passed).to.be.greaterThan(0);
      assertClean(run);
    });
    it('given by environment', async () => {
      const run = await runs.env!;
      expect(run.results!.summary.passed).to.be.greaterThan(0);
      assertClean(run);
    });
    it('given in the fixtures file', async () => {
      const run = await runs.fixtures!;
      expect(run.results!.summary.passed).to.be.greaterThan(0);
      assertClean(run);
    });
    it('given as an OAuth key and secret by environment (the host echoes the token obtained with them)', async () => {
      const run = await runs.oauthKey!;
      expect(run.results!.summary.passed, run.stdout.slice(-1500)).to.be.greaterThan(0);
      assertClean(run);
    });
    it('given as an OAuth token, also in a failing run whose failures quote the echoed body', async () => {
      const run = await runs.oauthToken!;
      // the points API is Basic-only on the vendor page: whatever the host does with the token, nothing leaks
      assertClean(run);
    });
  });
});
