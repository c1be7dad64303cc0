// [reliability] Rate limiting, measured at the host: --max-rpm N spaces request starts
// 60000/N ms apart, so no minute ever holds more than N arrivals; a 429 with Retry-After is
// waited out and retried; a host that only ever answers 429 gets a bounded number of
// attempts (in the preflight, before any rule), then the run stops naming the 429 (exit 2).
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../simulator/index.ts';
import { crashSigns, failed, hostArgs, Hosts, maxInWindow, requestLog, shortestSpans, timedCli, type TimedRun } from './support.ts';

/**
 * Rules whose titles mention 401 (nine requests, one per rule) and the points update's 748 and
 * 749 rules (three requests answered 400): not every answer is a 401, so the run is not vacuous.
 */
const SMALL_SUBSET = '401|error-74[89]';
/** One rule, one request: the issue request without credentials. */
const ONE_REQUEST = 'should answer a request without credentials with 401';
/** The client retries a 429 at most this many times (src/client/index.ts, README "Safety"). */
const MAX_429_RETRIES = 3;
/**
 * Arrival jitter allowed at the host: the limiter spaces request starts, the host stamps
 * arrivals, and a busy event loop (on either side) can delay one stamp but not the next.
 */
const TOLERANCE_MS = 80;

describe('[reliability] rate limiting', function () {
  this.timeout(120_000);
  const hosts = new Hosts();
  const N = 120;
  const interval = 60_000 / N;

  // --max-rpm 120 on the clean host
  let limited: TimedRun;
  let limitedArrivals: number[];
  // every 5th request answered 429, Retry-After: 1
  let paced: TimedRun;
  let pacedArrivals: number[];
  let pacedStats: ReturnType<Simulator['stats']>;
  // every request answered 429, Retry-After: 0
  let server: Server | undefined;
  let received = 0;
  let refused: TimedRun;

  async function alwaysTooMany(): Promise<string> {
    server = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '0' });
        res.end(JSON.stringify({ warnings: [], errors: [{ status: false, code: 429, message: 'Too many requests' }] }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  // The three runs go in parallel, each against its own host.
  before(async () => {
    await Promise.all([
      (async () => {
        const sim = await hosts.start();
        limited = await timedCli(hostArgs(sim, ['--max-rpm', String(N), '--grep', SMALL_SUBSET]));
        limitedArrivals = sim.stats().timestamps;
      })(),
      (async () => {
        const sim = await hosts.start({ faults: ['rate-limit-429'] });
        paced = await timedCli(hostArgs(sim, ['--grep', SMALL_SUBSET]));
        pacedStats = sim.stats();
        pacedArrivals = pacedStats.timestamps;
      })(),
      (async () => {
        const url = await alwaysTooMany();
        // valid fixtures (from a reference host), pointed at the 429 host
        const sim = await hosts.start();
        const args = hostArgs(sim, ['--grep', ONE_REQUEST]);
        args[args.indexOf('--base-url') + 1] = url;
        refused = await timedCli(args, {}, 60_000);
      })(),
    ]);
  });
  after(async () => {
    await hosts.stopAll();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });

  describe(`--max-rpm ${N} (one start per ${interval} ms) on a small subset`, () => {
    it('passes, and sent every request of the subset', () => {
      expect(limited.code, limited.stdout + limited.stderr).to.equal(0);
      expect(limitedArrivals.length).to.be.within(6, 20);
      expect(limited.results!.run.requests).to.equal(limitedArrivals.length);
      expect(limited.stdout).to.include(`at most ${N} requests/min`);
    });

    it(`never lets k+1 consecutive arrivals come closer than k × ${interval} ms (minus jitter), for every k`, () => {
      for (const { k, spanMs } of shortestSpans(limitedArrivals)) {
        expect(spanMs, `${k + 1} consecutive arrivals within ${spanMs} ms`).to.be.at.least(k * interval - TOLERANCE_MS);
      }
    });

    it(`keeps the measured rate at or under ${N}/min, and never 2 arrivals in ${interval} ms (minus jitter)`, () => {
      // The rate of the arrivals as the host saw them: (n - 1) gaps over the time from first to last.
      const spanMs = limitedArrivals[limitedArrivals.length - 1] - limitedArrivals[0];
      const perMinute = ((limitedArrivals.length - 1) * 60_000) / Math.max(1, spanMs);
      expect(perMinute, `${limitedArrivals.length} arrivals in ${spanMs} ms`).to.be.at.most(N * (interval / (interval - TOLERANCE_MS)));
      expect(maxInWindow(limitedArrivals, interval - TOLERANCE_MS)).to.equal(1);
      expect(limited.wallMs).to.be.at.least((limitedArrivals.length - 1) * interval - TOLERANCE_MS);
    });
  });

  describe('a host that answers every 5th request with 429 and Retry-After: 1 (fault rate-limit-429)', () => {
    it('waits the 429s out, retries them, and passes (the 429 is the host pacing, not a non-conformance)', () => {
      expect(paced.code, paced.stdout + paced.stderr).to.equal(0);
      expect(pacedStats.byStatus['429']).to.be.at.least(1);
      expect(failed(paced)).to.deep.equal([]);
      expect(crashSigns(paced)).to.deep.equal([]);
    });

    it('says the host rate-limited the run: the 429s counted at the host, the pause, and a --max-rpm that paces below it', () => {
      const limited = paced.results!.run.rateLimited!;
      expect(limited.answers429).to.equal(pacedStats.byStatus['429']);
      // Each 429 paused the run for its Retry-After (1 s), one pause at a time.
      expect(limited.pausedMs).to.be.within(limited.answers429 * 1000 - 50, limited.answers429 * 1000 + 50);
      // Every 5th request is refused: 4 had started before the first 429.
      expect(limited.startedInMinuteBeforeFirst).to.equal(4);
      expect(paced.stdout).to.include(`rate limited: the host answered 429 ${limited.answers429} time(s)`);
      expect(paced.stdout).to.match(/--max-rpm \d+ paces the run below it/);
    });

    it('sends the retry of each 429 to the same URL no sooner than Retry-After (1 s) later, as measured at the host', () => {
      const log = requestLog(paced);
      expect(log.length).to.equal(pacedArrivals.length); // one request at a time: the log and the arrivals line up
      const tooMany = log.map((entry, i) => ({ entry, i })).filter(({ entry }) => entry.status === 429);
      expect(tooMany.length).to.equal(pacedStats.byStatus['429']);
      for (const { entry, i } of tooMany) {
        expect(i + 1, 'a 429 is followed by its retry').to.be.below(log.length);
        expect(log[i + 1].url).to.equal(entry.url);
        expect(pacedArrivals[i + 1] - pacedArrivals[i], `retry of arrival ${i + 1}`).to.be.at.least(1000 - TOLERANCE_MS);
      }
    });
  });

  describe('a host that answers every request with 429 and Retry-After: 0', () => {
    it(`tries the preflight's one request 1 + ${MAX_429_RETRIES} times, then stops, in bounded time`, () => {
      expect(received).to.equal(1 + MAX_429_RETRIES);
      expect(refused.wallMs).to.be.below(20_000);
    });

    it('stops before any rule (exit 2) with the 429 in one plain sentence', () => {
      expect(refused.code, refused.stdout + refused.stderr).to.equal(2);
      expect(refused.stderr).to.match(/preflight: .*429/);
      expect(refused.results, 'no rule ran').to.equal(undefined);
      expect(crashSigns(refused)).to.deep.equal([]);
    });
  });
});
