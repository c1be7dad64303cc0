// [reliability] The write guard, counted at the host: against a non-loopback host without
// --allow-writes, not one write request (issue, non-dry-run redeem) and not one update (PUT)
// is sent, whether the host conforms or not. The loopback reference host is treated as
// remote by the test-only switch CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE=1.
import { expect } from 'chai';
import { crashSigns, requestLog, runPerCase } from './support.ts';

const REMOTE = { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' };

interface Case {
  name: string;
  faults: string[];
  args: string[];
  exit: number;
}

const CASES: Case[] = [
  { name: 'a conforming host', faults: [], args: [], exit: 0 },
  // a failing run: dry runs that validate nothing fail the dry-run rules; still nothing else is sent
  { name: 'a host whose dry runs validate nothing (dry-run-no-validation)', faults: ['dry-run-no-validation'], args: [], exit: 1 },
  // the property rules all write: skipped whole, nothing sent (exit 2 before any request)
  { name: 'only the property rules selected', faults: [], args: ['--grep', 'positive_data_acceptance|negative_data_rejection'], exit: 2 },
];

describe('[reliability] a remote host without --allow-writes receives no write', function () {
  this.timeout(120_000);
  const runs = runPerCase(CASES, (c) => ({ name: c.name, faults: c.faults, args: c.args, env: REMOTE }));

  for (const c of CASES) {
    it(`${c.name}: stats().writes === 0 and stats().updates === 0 (exit ${c.exit})`, () => {
      const { run, sim } = runs.get(c.name)!;
      expect(run.code, run.stdout.slice(-2000) + run.stderr).to.equal(c.exit);
      const stats = sim.stats();
      expect(stats.writes, 'issue + non-dry-run redeem requests').to.equal(0);
      expect(stats.updates, 'PUT requests').to.equal(0);
      expect(stats.byOperation['coupon-issue'] ?? 0).to.equal(0);
      expect(stats.byOperation['coupon-update'] ?? 0).to.equal(0);
      expect(stats.byOperation['points-update'] ?? 0).to.equal(0);
      expect(crashSigns(run)).to.deep.equal([]);
      if (c.exit === 2) {
        expect(stats.requests).to.equal(0);
        expect(run.stderr).to.match(/nothing safe to run/);
        return;
      }
      // the safe (dry-run) rules did run, and every request sent was a dry run
      expect(stats.requests).to.be.greaterThan(0);
      const log = requestLog(run);
      expect(log.length).to.equal(stats.requests);
      for (const entry of log) expect(`${entry.method} ${entry.url}`).to.match(/^POST \S+\/v2\/coupon\/bulk\/redeem\?is_redeemable=true&isredeemable=true$/);
      const skipped = run.results!.checks.filter((x) => x.status === 'skipped');
      expect(skipped.length).to.be.greaterThan(0);
      // Rules skip for the writes; a response check of an operation no safe rule sent to is not run.
      for (const x of skipped) expect(x.skipReason, x.id).to.match(x.kind === 'response' ? /--allow-writes|^not run: / : /--allow-writes/);
    });
  }
});
