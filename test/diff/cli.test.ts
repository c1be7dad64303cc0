// The differential run through the CLI (`npx conformance --compare-with URL --compare-fixtures
// FILE`): the embedded host (A, twice) against a second reference host (B) on 127.0.0.1, each
// with its own credentials. Clean against clean: 0 differences, though every coupon code, id
// and timestamp differs; clean against a fault: the difference at the field the fault changes,
// never at an id, code or timestamp; the report in all four formats; exit codes; B's
// credentials redacted everywhere; the write guard holds for B.
import { expect } from 'chai';
import type { Simulator } from '../../simulator/index.ts';
import { Hosts } from '../reliability/support.ts';
import { runCli, startAll, writeJson, type CliRun } from '../support/cli.ts';
import { basicToken, md5hex } from '../../src/redact.ts';
import type { DiffReport } from '../../src/diff/index.ts';

/** Fields whose values are generated per host: never a difference between two conforming hosts. */
const GENERATED = /(^|\/)(id|entityId|userId|customerId|redemptionId|code|couponCode|validTill|redemptionDate|redemptionTime|pointsRedemptionTime|autoUpdateTime|createdDate|transactionNumber)(\[\])?$/;

const notNoise = (d: DiffReport) => d.differences.filter((x) => !x.noise);

describe('diff: npx conformance --compare-with (end to end)', function () {
  this.timeout(300_000);
  const hosts = new Hosts();
  const start = (faults: string[] = []) => hosts.start({ faults });
  after(() => hosts.stopAll());

  /** B's fixtures file without its auth: the credentials come by flag, as a user passes them. */
  function compareArgs(sim: Simulator): string[] {
    const { auth, ...fixtures } = sim.fixtures as typeof sim.fixtures & { auth?: unknown };
    void auth;
    return ['--compare-with', sim.baseUrl, '--compare-fixtures', writeJson(fixtures), '--compare-username', sim.fixtures.auth.username, '--compare-password', sim.fixtures.auth.password];
  }
  const compare = async (b: Simulator, extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['--seed', '11', '--progress', 'plain', ...compareArgs(b), ...extra], env, 240_000);

  function expectNoSecrets(run: CliRun, sim: Simulator): void {
    const { username, password } = sim.fixtures.auth;
    const texts = [run.stdout, run.stderr, ...Object.values(run.reports)];
    for (const secret of [password, md5hex(password), basicToken(username, password)]) {
      for (const t of texts) expect(t.includes(secret), 'a credential of host B in the output').to.equal(false);
    }
  }

  describe('clean against clean', () => {
    let run: CliRun;
    let b: Simulator;
    before(async () => {
      b = await start();
      run = await compare(b);
    });

    it('exits 0 with 0 differences, 0 unpaired, over every request the rules sent', () => {
      expect(run.code, run.stdout.slice(-3000) + run.stderr).to.equal(0);
      const diff = run.results!.diff!;
      expect(diff.ok).to.equal(true);
      expect(notNoise(diff)).to.deep.equal([]);
      expect(diff.unpaired).to.deep.equal([]);
      expect(diff.pairs).to.be.greaterThan(200);
      expect(run.stdout).to.match(/\d+ request pairs compared, \d+ calibration pairs: 0 difference\(s\) that are not noise/);
    });

    it('host B was really exercised (it issued coupons of its own) and every pair was also calibrated on host A', () => {
      expect(b.stats().byOperation['coupon-issue']).to.be.greaterThan(5);
      expect(run.results!.diff!.noisePairs).to.equal(run.results!.diff!.pairs);
    });

    it('writes the differential section in all four reports', () => {
      expect(run.reports['junit.xml']).to.include('<testsuite name="differential"');
      expect(run.reports['report.html']).to.include('<section class="differential" id="differential">');
      expect(run.reports['conformance.md']).to.include('## Differential run');
      expect(run.results!.diff!.pairs).to.be.a('number');
    });

    it("never shows host B's credentials", () => expectNoSecrets(run, b));
  });

  // Five faults, each with the field it changes (and, for a renamed field, the other name it shows at).
  const FAULTS: [string, string, string, string[]][] = [
    ['points-wrong-code', 'updatePointsRedemption', '/errors[]/code', []],
    ['update-status-wrong', 'updateCouponRedemption', '/entity/status/code', []],
    ['dry-run-wrong-redemption-id', 'bulkRedeemCoupons', '/response[]/result/redemptionId', []],
    ['issue-schema-drift', 'issueCoupon', '/code', ['/couponCode']],
    ['points-500-on-unknown', 'updatePointsRedemption', '(status)', []],
  ];
  // The five differential runs two at a time, each asserted in its own test.
  let faultRuns: Record<string, Promise<{ b: Simulator; run: CliRun }>>;
  before(() => {
    faultRuns = startAll(Object.fromEntries(FAULTS.map(([fault]) => [fault, async () => {
      const b = await start([fault]);
      return { b, run: await compare(b) };
    }])));
  });
  for (const [fault, operation, path, also] of FAULTS) {
    it(`clean against ${fault}: exit 1, the difference at ${operation} ${path}, none at an id, code or timestamp`, async () => {
      const { b, run } = await faultRuns[fault]!;
      expect(run.code, run.stdout.slice(-3000) + run.stderr).to.equal(1);
      const diff = run.results!.diff!;
      expect(diff.ok).to.equal(false);
      const found = notNoise(diff).map((d) => `${d.operation} ${d.path}`);
      expect(found).to.include(`${operation} ${path}`);
      const generated = notNoise(diff).filter((d) => GENERATED.test(d.path) && d.path !== path && !also.includes(d.path));
      expect(generated.map((d) => `${d.operation} ${d.path}: ${JSON.stringify(d.example.a)} vs ${JSON.stringify(d.example.b)}`)).to.deep.equal([]);
      expect(run.stdout).to.include(`≠ ${operation} ${path === '(status)' ? 'HTTP status' : path}`);
      expect(run.reports['junit.xml']).to.match(/<testsuite name="differential"[^>]*failures="[1-9]/);
      expectNoSecrets(run, b);
    });
  }

  it('holds the write guard for host B: a "remote" B without --allow-writes gets no write request', async () => {
    const b = await start();
    const run = await compare(b, [], { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' });
    for (const op of ['coupon-issue', 'coupon-update', 'points-update']) expect(b.stats().byOperation[op] ?? 0, op).to.equal(0);
    // A's writes had no counterpart on B: they are listed, and the run does not pass.
    expect(run.code).to.equal(1);
    expect(run.results!.diff!.unpaired.length).to.be.greaterThan(0);
  });

  it('exits 2 naming the problem for --compare-with without --compare-fixtures, or a bad URL, sending nothing', async () => {
    const b = await start();
    const noFixtures = await runCli(['--compare-with', b.baseUrl]);
    expect(noFixtures.code).to.equal(2);
    expect(noFixtures.stderr).to.include('--compare-fixtures');
    const badUrl = await runCli(['--compare-with', 'not a url', '--compare-fixtures', writeJson(b.fixtures)]);
    expect(badUrl.code).to.equal(2);
    expect(badUrl.stderr).to.include('--compare-with');
    expect(b.stats().requests).to.equal(0);
  });
});
