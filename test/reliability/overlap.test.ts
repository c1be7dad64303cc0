// [reliability] Overlapped requests against a distant host (issue 16, part 3). The suite runs
// remote-mode (a loopback host treated as remote, writes allowed) against a reference host
// whose every answer is delayed (--latency), once sequentially (CONFORMANCE_OVERLAP=0) and
// once overlapped (the default remote mode): the same check ids pass and fail, on the clean
// host and on faults, and the overlapped run is faster. Under the reading customer-busy=busy-521
// (a host that answers 521 "Multiple actions are running for the same customer" to a second
// concurrent action for one customer), a run without the two rules that send bursts for one
// customer on purpose (concurrent redemptions of one coupon; the sequences' burst command) gets
// no 521 at all, measured at the host, with the rate
// limit lifted so that nothing but the customer lock keeps two requests for one customer apart.
import { expect } from 'chai';
import { loadGroups, selectRules } from '../../src/rules/registry.ts';
import type { CheckResult } from '../../src/results/types.ts';
import { hostArgs, Hosts, timedCli, type TimedRun } from './support.ts';

const LATENCY_MS = 30;
const SEED = '4242';
const REMOTE = { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1' };
const SEQUENTIAL = { ...REMOTE, CONFORMANCE_OVERLAP: '0' };
/** Faults under which both runs must fail the same checks. */
const FAULTS = ['redeem-race', 'points-update-not-stored'];
/** Every rule but the two that send bursts for one customer on purpose (concurrent redemptions of one coupon; the sequences). */
const ALL_BUT_BURSTS = '^(?!.*(concurrent-redemption|arrive at the same time|sequences\\.model|model-based sequences))';

const verdicts = (run: TimedRun): Record<string, CheckResult['status']> =>
  Object.fromEntries((run.results?.checks ?? []).map((c) => [c.id, c.status]));

type Pair = { sequential: TimedRun; overlapped: TimedRun };

/**
 * The suite sequentially and overlapped, each against its own host. `timed`: one after the
 * other, so the two do not compete for the CPU and their times compare; else side by side
 * (only their verdicts are compared).
 */
async function pair(hosts: Hosts, options: Parameters<Hosts['start']>[0], timed: boolean, maxRpm = '6000'): Promise<Pair> {
  const [a, b] = await Promise.all([hosts.start(options), hosts.start(options)]);
  const args = (sim: typeof a) => hostArgs(sim, ['--allow-writes', '--seed', SEED, '--max-rpm', maxRpm]);
  if (!timed) {
    const [sequential, overlapped] = await Promise.all([timedCli(args(a), SEQUENTIAL, 240_000), timedCli(args(b), REMOTE, 240_000)]);
    return { sequential, overlapped };
  }
  const sequential = await timedCli(args(a), SEQUENTIAL, 240_000);
  const overlapped = await timedCli(args(b), REMOTE, 240_000);
  return { sequential, overlapped };
}

/** A promise whose rejection is reported where it is awaited, not as unhandled. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

describe('[reliability] overlapped requests against a distant host', function () {
  this.timeout(600_000);
  const hosts = new Hosts();
  after(() => hosts.stopAll());
  // The clean pair first and alone (its times are compared); then every other run side by side.
  let clean: Promise<Pair>;
  let faulty: Record<string, Promise<Pair>>;
  let fourCustomers: Promise<{ run: TimedRun; sim: Awaited<ReturnType<Hosts['start']>> }>;
  let busy: Promise<{ run: TimedRun; sim: Awaited<ReturnType<Hosts['start']>> }>;
  before(() => {
    clean = later(pair(hosts, { latencyMs: LATENCY_MS }, true));
    const then = <T>(fn: () => Promise<T>) => later(clean.then(fn, fn));
    // The rate limit lifted: a burst's requests (4 in a sequence, 8 in the concurrency rule) then
    // arrive together, both ways, so whether they meet redeem-race's 20 ms window does not
    // hang on the spacing of starts.
    faulty = Object.fromEntries(FAULTS.map((fault) => [fault, then(() => pair(hosts, { latencyMs: LATENCY_MS, faults: [fault] }, false, '600000'))]));
    fourCustomers = then(async () => {
      const sim = await hosts.start({ latencyMs: LATENCY_MS, customers: 4 });
      return { sim, run: await timedCli(hostArgs(sim, ['--allow-writes', '--seed', SEED, '--max-rpm', '6000']), REMOTE, 240_000) };
    });
    busy = then(async () => {
      const sim = await hosts.start({ latencyMs: LATENCY_MS, readings: { 'customer-busy': 'busy-521' } });
      return { sim, run: await timedCli(hostArgs(sim, ['--allow-writes', '--seed', SEED, '--max-rpm', '600000', '--grep', ALL_BUT_BURSTS]), REMOTE, 240_000) };
    });
  });

  it('leaves out of the 521 run exactly the rules that send bursts for one customer on purpose', async () => {
    const groups = await loadGroups();
    const kept = new Set(selectRules(groups, ALL_BUT_BURSTS).flatMap((g) => g.rules.map((r) => r.meta.id)));
    const left = groups.flatMap((g) => g.rules.map((r) => r.meta.id)).filter((id) => !kept.has(id));
    expect(left).to.deep.equal(['bulk-redeem.concurrent-redemption', 'sequences.model']);
  });

  describe(`the clean host, ${LATENCY_MS} ms away`, () => {
    let runs: Pair;
    before(async () => {
      runs = await clean;
    });

    it('passes both ways, with the same verdict for every check id', () => {
      expect(runs.sequential.code, runs.sequential.stdout + runs.sequential.stderr).to.equal(0);
      expect(runs.overlapped.code, runs.overlapped.stdout + runs.overlapped.stderr).to.equal(0);
      expect(verdicts(runs.overlapped)).to.deep.equal(verdicts(runs.sequential));
      expect(Object.keys(verdicts(runs.sequential)).length).to.be.greaterThan(50);
    });

    it('is faster overlapped (the run itself, start-up aside)', () => {
      const ms = (r: TimedRun) => r.results!.run.durationMs;
      expect(ms(runs.overlapped), `overlapped ${ms(runs.overlapped)} ms, sequential ${ms(runs.sequential)} ms`).to.be.lessThan(ms(runs.sequential) * 0.85);
    });
  });

  for (const fault of FAULTS) {
    describe(`the fault ${fault}, ${LATENCY_MS} ms away`, () => {
      let runs: Pair;
      before(async () => {
        runs = await faulty[fault]!;
      });

      it('fails both ways, the same check ids failing and passing', () => {
        expect(runs.sequential.code).to.equal(1);
        expect(runs.overlapped.code).to.equal(1);
        const failedIds = Object.entries(verdicts(runs.sequential)).filter(([, s]) => s === 'failed');
        expect(failedIds.length).to.be.greaterThan(0);
        expect(verdicts(runs.overlapped)).to.deep.equal(verdicts(runs.sequential));
      });
    });
  }

  describe(`four fixtures customers, ${LATENCY_MS} ms away: the request log (requests.jsonl)`, () => {
    let run: TimedRun;
    let log: { check?: string; startMs: number; durationMs: number; curl: string }[];
    let sim: Awaited<ReturnType<Hosts['start']>>;
    before(async () => {
      ({ sim, run } = await fourCustomers);
      log = run.reports['requests.jsonl'].trim().split('\n').map((l) => JSON.parse(l));
    });

    it('passes, and names the check of every request a rule sent', () => {
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(log.filter((r) => r.check).length).to.be.greaterThan(log.length - 10);
    });

    it('runs no two rules that update the points records at once', () => {
      const span = (check: string) => {
        const mine = log.filter((r) => r.check === check);
        return { start: Math.min(...mine.map((r) => r.startMs)), end: Math.max(...mine.map((r) => r.startMs + r.durationMs)) };
      };
      const pointsRules = [...new Set(log.filter((r) => r.check?.startsWith('points-update.')).map((r) => r.check!))];
      expect(pointsRules.length).to.be.greaterThan(15);
      const spans = pointsRules.map(span).sort((a, b) => a.start - b.start);
      // Each one starts after the one before it ended (1 ms: the log's rounding).
      for (let i = 1; i < spans.length; i++) expect(spans[i].start, `${pointsRules[i]}`).to.be.at.least(spans[i - 1].end - 1);
    });

    it('gives the sequences points records of their own (5 in the fixtures: the rules update the first 3, the sequences the other 2), so they may overlap', () => {
      const named = (check: (c: string | undefined) => boolean) => {
        const ids = new Set<string>();
        for (const r of log.filter((e) => check(e.check) && e.curl.includes('/v2/points/updateRedemption'))) {
          for (const p of sim.fixtures.pointsRedemptions) if (r.curl.includes(`"${p.redemptionId}"`) || r.curl.includes(`"${p.externalReferenceNumber}"`)) ids.add(p.redemptionId);
        }
        return [...ids].sort();
      };
      const all = sim.fixtures.pointsRedemptions.map((p) => p.redemptionId);
      expect(all).to.have.length(5);
      expect(named((c) => c?.startsWith('points-update.') ?? false)).to.deep.equal(all.slice(0, 3).sort());
      expect(named((c) => c === 'sequences.model')).to.deep.equal(all.slice(3).sort());
    });

    it('acts for every fixtures customer, not only the first', () => {
      for (const c of sim.fixtures.customers) {
        const n = log.filter((r) => r.curl.includes(c.mobile) || r.curl.includes(String(c.id))).length;
        expect(n, `requests naming ${c.mobile}`).to.be.greaterThan(20);
      }
    });
  });

  describe('no two requests for one customer in flight at once, measured at the host', () => {
    it('gets no 521 from a host that answers 521 to a second concurrent action for one customer (rate limit lifted)', async () => {
      const { sim, run } = await busy;
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(run.results!.checks.map((c) => c.id)).to.not.include.members(['bulk-redeem.concurrent-redemption', 'sequences.model']);
      expect(sim.stats().requests).to.be.greaterThan(200);
      expect(sim.stats().byStatus[521] ?? 0).to.equal(0);
    });
  });
});
