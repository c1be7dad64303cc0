// The property harness on its own (no host): what a failing property hands the user (the
// seed, fast-check's path, the shrunk counterexample, the last failing run's failure), the
// shrinking time budget, the write guard, a run that got no answer; each against a loopback
// host (the concurrent fast path) and a remote one (fc.check alone, one run at a time), and
// the two compared: the same values, the same failure.
import { expect } from 'chai';
import fc from 'fast-check';
import { WriteBlockedError, type ApiRequest, type Exchange } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { CheckFailure } from '../../src/runtime/exchange.ts';
import { LOOPBACK_PARALLELISM, Shared, type RunContext } from '../../src/runtime/context.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { checkProperties, checkProperty, gotNoAnswer, requestJson, SHRINK_BUDGET_MS, type PropertySpec } from '../../src/properties/engine.ts';

const SEED = 4242;
const MODES = [
  { name: 'loopback host (concurrent fast path)', remote: false },
  { name: 'remote host (one run at a time)', remote: true },
] as const;

/** The run context the engine is handed: only what it reads (a fake client where a test needs one). */
let ctx: RunContext;
function useSession(remote: boolean, extra: Partial<RunContext> = {}): void {
  ctx = {
    config: { seed: SEED, runs: null, remote },
    seed: SEED,
    contract: getContract(),
    limits: { bulkMax: 50, parallelism: remote ? 1 : LOOPBACK_PARALLELISM, runs: { positive: 10, negative: 12 }, timeoutMs: 1000 },
    shared: new Shared(),
    ...extra,
  } as unknown as RunContext;
}

/** What send() throws when a request got no answer: the curl, no response. */
function noAnswer(): CheckFailure {
  return new CheckFailure({
    title: 'POST /v2/coupon/issue: no answer within 1000 ms (the request timed out)',
    operation: 'POST /v2/coupon/issue',
    received: 'no answer within 1000 ms (the request timed out)',
    documented: 'an HTTP answer within --timeout (1000 ms)',
    curl: "curl -sS -X POST 'http://127.0.0.1:1/v2/coupon/issue'",
  });
}

/** The failure of a property run in the given mode (and the values its runs were called with, in order). */
async function failureIn<T>(remote: boolean, spec: PropertySpec<T>): Promise<{ failure: CheckFailure; calls: T[] }> {
  useSession(remote);
  const calls: T[] = [];
  const failure = await failureOf(checkProperty(ctx, { ...spec, run: async (v, trial) => (calls.push(v), spec.run(v, trial)) }));
  return { failure, calls };
}

function failure(title: string): CheckFailure {
  return new CheckFailure({ title, operation: 'POST /v2/coupon/issue', received: title, documented: '(test)' });
}

/** A property of 50 runs failing from 10 on: it shrinks to exactly 10. */
function tooBig(): PropertySpec<number> {
  return {
    operation: 'issueCoupon',
    arbitrary: fc.integer({ min: 0, max: 1000 }),
    runs: 50,
    describe: (v) => [`tried ${v}`],
    run: async (v) => {
      if (v >= 10) throw failure(`value ${v} is too big`);
    },
  };
}

async function failureOf(promise: Promise<void>): Promise<CheckFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CheckFailure) return err;
    throw err;
  }
  throw new Error('the property passed');
}

for (const mode of MODES) describe(`src/properties/engine: checkProperty, ${mode.name}`, () => {
  before(() => useSession(mode.remote));

  it('passes a property that holds, after the runs asked for', async () => {
    let runs = 0;
    await checkProperty(ctx, { operation: 'issueCoupon', arbitrary: fc.nat(), runs: 7, run: async () => void runs++ });
    expect(runs).to.equal(7);
  });

  it('fails with the seed, the path and the shrunk counterexample, and the failure of the last failing run', async () => {
    const err = await failureOf(
      checkProperty(ctx, tooBig()),
    );
    expect(err.failure.seed).to.equal(SEED);
    expect(err.failure.path).to.match(/^\d+(:\d+)*$/);
    expect(err.failure.counterexample).to.equal('10');
    expect(err.failure.title).to.equal('value 10 is too big');
    expect(err.failure.details).to.include('tried 10');
  });

  it('reports the request the failing run sent, as JSON', async () => {
    const err = await failureOf(
      checkProperty(ctx, {
        operation: 'issueCoupon',
        arbitrary: fc.constant(1),
        runs: 1,
        run: async (_v, trial) => {
          trial.request = { operation: 'issueCoupon', body: { seriesId: 1 }, query: { q: 'x' } };
          throw failure('refused');
        },
      }),
    );
    expect(JSON.parse(err.failure.counterexample!)).to.deep.equal({ query: { q: 'x' }, body: { seriesId: 1 } });
    expect(requestJson({ operation: 'issueCoupon', rawBody: '{' })).to.equal('{"rawBody":"{"}');
  });

  it('replays: the same seed tries the same values', async () => {
    const tried = async () => {
      const values: number[] = [];
      await checkProperty(ctx, { operation: 'issueCoupon', arbitrary: fc.integer(), runs: 20, run: async (v) => void values.push(v) });
      return values;
    };
    expect(await tried()).to.deep.equal(await tried());
  });

  it('stops shrinking at its time budget and reports the smallest failure found by then', async () => {
    expect(SHRINK_BUDGET_MS).to.be.at.most(5000);
    const started = Date.now();
    const err = await failureOf(
      checkProperty(ctx, {
        operation: 'issueCoupon',
        arbitrary: fc.array(fc.integer(), { minLength: 40, maxLength: 60 }),
        runs: 1,
        shrinkBudgetMs: 150,
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw failure('always');
        },
      }),
    );
    expect(Date.now() - started).to.be.below(1500);
    expect(JSON.parse(err.failure.counterexample!)).to.be.an('array');
    expect(err.failure.details!.join('\n')).to.include('shrinking stopped at its time budget');
  });

  it('rethrows a write the client refused to send, for rule() to skip, without shrinking', async () => {
    let runs = 0;
    try {
      await checkProperty(ctx, {
        operation: 'issueCoupon',
        arbitrary: fc.nat(),
        runs: 10,
        run: async () => {
          runs++;
          throw new WriteBlockedError('POST /v2/coupon/issue');
        },
      });
      expect.fail('expected WriteBlockedError');
    } catch (err) {
      expect(err).to.be.instanceOf(WriteBlockedError);
    }
    expect(runs).to.equal(1);
  });
});

describe('src/properties/engine: the concurrent fast path against the sequential fc.check', () => {

  const arbitraries: [string, fc.Arbitrary<unknown>][] = [
    ['integers', fc.integer()],
    ['arrays', fc.array(fc.integer(), { maxLength: 20 })],
    ['records', fc.record({ a: fc.string(), b: fc.option(fc.nat()), c: fc.oneof(fc.boolean(), fc.constant(null)) })],
  ];
  for (const [name, arbitrary] of arbitraries) {
    it(`tries the values fc.check hands its property, in the same order, for the same seed (${name})`, async () => {
      useSession(false);
      const tried: unknown[] = [];
      await checkProperty(ctx, { operation: 'issueCoupon', arbitrary, runs: 30, run: async (v) => void tried.push(v) });
      const checked: unknown[] = [];
      await fc.check(fc.asyncProperty(arbitrary, async (v) => void checked.push(v)), { seed: SEED, numRuns: 30 });
      expect(tried).to.deep.equal(checked);
    });
  }

  it(`runs the first run alone, then at most ${LOOPBACK_PARALLELISM} at a time (and more than one)`, async () => {
    useSession(false);
    let inFlight = 0;
    let most = 0;
    const finished: number[] = [];
    const started: number[] = [];
    let run = 0;
    await checkProperty(ctx, {
      operation: 'issueCoupon',
      arbitrary: fc.nat(),
      runs: 30,
      run: async () => {
        const i = run++;
        started.push(finished.length);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        finished.push(i);
      },
    });
    expect(run).to.equal(30);
    expect(started[1], 'the second run starts after the first finished').to.equal(1);
    expect(most).to.be.within(2, LOOPBACK_PARALLELISM);
  });

  it('reports a failure exactly as the sequential fc.check does, without running again the runs before it', async () => {
    const spec = tooBig();
    const sequential = await failureIn(true, spec);
    const fast = await failureIn(false, spec);
    expect(fast.failure.failure).to.deep.equal(sequential.failure.failure);
    expect(fast.failure.failure.counterexample).to.equal('10');
    // the sequential calls: the runs up to the first failure, then the shrink candidates
    const firstFailed = sequential.calls.findIndex((v) => v >= 10);
    const shrinks = sequential.calls.slice(firstFailed + 1);
    expect(fast.calls.slice(0, firstFailed + 1)).to.deep.equal(sequential.calls.slice(0, firstFailed + 1));
    expect(fast.calls.slice(fast.calls.length - shrinks.length)).to.deep.equal(shrinks);
    // runs started beside the failing one, before it failed; none sent twice
    expect(fast.calls.length - shrinks.length - (firstFailed + 1)).to.be.within(0, LOOPBACK_PARALLELISM - 1);
  });

  for (const mode of MODES) {
    it(`does not shrink a run that got no answer: it is the failure reported (${mode.name})`, async () => {
      const { failure: err, calls } = await failureIn(mode.remote, {
        operation: 'issueCoupon',
        arbitrary: fc.array(fc.integer(), { minLength: 5 }),
        runs: 10,
        run: async () => {
          throw noAnswer();
        },
      });
      expect(calls).to.have.length(1);
      expect(err.failure.received).to.equal('no answer within 1000 ms (the request timed out)');
      expect(err.failure.counterexample).to.equal(JSON.stringify(calls[0]));
      expect(err.failure.details!.join('\n')).to.match(/shrunk 0 time\(s\) \(shrinking stopped: a request got no answer/);
    });

    it(`stops shrinking at a candidate that got no answer and reports the last answered failure (${mode.name})`, async () => {
      const arbitrary = fc.integer({ min: 600, max: 1000 });
      const [first] = fc.sample(arbitrary, { seed: SEED, numRuns: 1 });
      const { failure: err, calls } = await failureIn(mode.remote, {
        operation: 'issueCoupon',
        arbitrary,
        runs: 10,
        run: async (v) => {
          throw v === first ? failure(`value ${v} refused`) : noAnswer();
        },
      });
      expect(calls.filter((v) => v !== first), 'one unanswered candidate, then none sent').to.have.length(1);
      expect(err.failure.title).to.equal(`value ${first} refused`);
      expect(err.failure.counterexample).to.equal(String(first));
      expect(err.failure.details!.join('\n')).to.include('shrinking stopped: a request got no answer');
    });
  }

  it('tells a request that got no answer from one that got an answer', () => {
    expect(gotNoAnswer(noAnswer())).to.equal(true);
    const notSent = noAnswer().failure;
    expect(gotNoAnswer(new CheckFailure({ ...notSent, received: 'not sent: the last 3 requests got no answer' }))).to.equal(true);
    expect(gotNoAnswer(new CheckFailure({ ...notSent, response: { status: 500, body: '' } }))).to.equal(false);
    expect(gotNoAnswer(failure('refused'))).to.equal(false);
    expect(gotNoAnswer(new Error('boom'))).to.equal(false);
  });
});

describe('src/properties/engine: checkProperties (every property, every time)', () => {
  /** A property of numbers standing for one mutator (its name in the body, for the fake host), judged by the shared refusal verdict. */
  function property(name: string, runs: number): PropertySpec<{ n: number; name: string }> {
    return {
      operation: 'issueCoupon',
      arbitrary: fc.integer({ min: 0, max: 100 }).map((n) => ({ n, name })),
      runs,
      run: async (body, trial) => expectRefusal(ctx, await trial.send({ operation: 'issueCoupon', body }), 'malformed-request', name),
    };
  }

  /** checkProperties over first, second, third; the fake host answers 500 to a property's number from failFrom[name] on, after delayMs[name]. */
  async function run(remote: boolean, failFrom: Record<string, number>, delayMs: Record<string, number>): Promise<{ outcomes: (unknown | undefined)[]; sent: ApiRequest[] }> {
    const sent: ApiRequest[] = [];
    const client = {
      async send(req: ApiRequest): Promise<Exchange> {
        sent.push(req);
        const { n, name } = req.body as { n: number; name: string };
        await new Promise((resolve) => setTimeout(resolve, delayMs[name] ?? 0));
        const fails = n >= (failFrom[name] ?? Number.POSITIVE_INFINITY);
        const text = fails ? '{}' : JSON.stringify({ warnings: [], errors: [{ status: false, code: 629, message: 'Invalid Input' }] });
        return {
          request: req, method: 'POST', url: 'http://127.0.0.1:1/v2/coupon/issue', curl: 'curl', durationMs: 0, attempts: 1,
          response: { status: fails ? 500 : 400, headers: {}, contentType: 'application/json', text, json: JSON.parse(text) },
        };
      },
    };
    useSession(remote, { client, recorder: { recordVerdicts() {}, recordStatus() {} }, redact: (x: string) => x } as unknown as Partial<RunContext>);
    const outcomes = await checkProperties(ctx, ['first', 'second', 'third'].map((name) => property(name, 10)) as PropertySpec<unknown>[]);
    return { outcomes, sent };
  }

  const titleOf = (o: unknown) => (o as CheckFailure).failure.title;

  for (const mode of MODES) {
    it(`reports every failing property, each with its own shrunk failure, whichever fails first in time (${mode.name})`, async () => {
      const { outcomes } = await run(mode.remote, { second: 20, third: 0 }, { second: 10 });
      expect(outcomes[0]).to.equal(undefined);
      expect(outcomes[1]).to.be.instanceOf(CheckFailure);
      expect(titleOf(outcomes[1])).to.match(/^second: got HTTP 500, a server error/);
      expect((outcomes[1] as CheckFailure).failure.kind).to.equal('server-error');
      expect((outcomes[1] as CheckFailure).failure.counterexample).to.equal(JSON.stringify({ body: { n: 20, name: 'second' } }));
      expect(titleOf(outcomes[2])).to.match(/^third: got HTTP 500/);
      expect((outcomes[2] as CheckFailure).failure.counterexample).to.equal(JSON.stringify({ body: { n: 0, name: 'third' } }));
    });

    it(`passes when every property's runs are refused as documented (${mode.name})`, async () => {
      const { outcomes, sent } = await run(mode.remote, {}, {});
      expect(outcomes).to.deep.equal([undefined, undefined, undefined]);
      expect(sent).to.have.length(30);
    });
  }

  it('the fast path reports the same failures as the sequential one, and sends the same requests up to them', async () => {
    const sequential = await run(true, { second: 20, third: 0 }, {});
    const fast = await run(false, { second: 20, third: 0 }, {});
    expect((fast.outcomes[1] as CheckFailure).failure).to.deep.equal((sequential.outcomes[1] as CheckFailure).failure);
    expect((fast.outcomes[2] as CheckFailure).failure).to.deep.equal((sequential.outcomes[2] as CheckFailure).failure);
    const key = (r: ApiRequest) => JSON.stringify(r.body);
    expect(sequential.sent.map(key).every((k) => fast.sent.map(key).includes(k))).to.equal(true);
  });
});
