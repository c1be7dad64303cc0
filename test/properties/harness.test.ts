// The property harness on its own (no host): what a failing property hands the user (the
// seed, fast-check's path, the shrunk counterexample, the last failing run's failure), the
// shrinking time budget, and the write guard.
import { expect } from 'chai';
import fc from 'fast-check';
import { WriteBlockedError } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { CheckFailure } from '../../src/runtime/rule.ts';
import { setSession, type Session } from '../../src/runtime/session.ts';
import { checkProperty, requestJson, SHRINK_BUDGET_MS } from '../../specs/properties/harness.ts';

const SEED = 4242;

function failure(title: string): CheckFailure {
  return new CheckFailure({ title, operation: 'POST /v2/coupon/issue', received: title, documented: '(test)' });
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

describe('specs/properties/harness: checkProperty', () => {
  before(() => setSession({ config: { seed: SEED, runs: null }, contract: getContract() } as unknown as Session));
  after(() => setSession(undefined));

  it('passes a property that holds, after the runs asked for', async () => {
    let runs = 0;
    await checkProperty({ operation: 'issueCoupon', arbitrary: fc.nat(), runs: 7, run: async () => void runs++ });
    expect(runs).to.equal(7);
  });

  it('fails with the seed, the path and the shrunk counterexample, and the failure of the last failing run', async () => {
    const err = await failureOf(
      checkProperty({
        operation: 'issueCoupon',
        arbitrary: fc.integer({ min: 0, max: 1000 }),
        runs: 50,
        describe: (v) => [`tried ${v}`],
        run: async (v) => {
          if (v >= 10) throw failure(`value ${v} is too big`);
        },
      }),
    );
    expect(err.failure.seed).to.equal(SEED);
    expect(err.failure.path).to.match(/^\d+(:\d+)*$/);
    expect(err.failure.counterexample).to.equal('10');
    expect(err.failure.title).to.equal('value 10 is too big');
    expect(err.failure.details).to.include('tried 10');
  });

  it('reports the request the failing run sent, as JSON', async () => {
    const err = await failureOf(
      checkProperty({
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
      await checkProperty({ operation: 'issueCoupon', arbitrary: fc.integer(), runs: 20, run: async (v) => void values.push(v) });
      return values;
    };
    expect(await tried()).to.deep.equal(await tried());
  });

  it('stops shrinking at its time budget and reports the smallest failure found by then', async () => {
    expect(SHRINK_BUDGET_MS).to.be.at.most(5000);
    const started = Date.now();
    const err = await failureOf(
      checkProperty({
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
      await checkProperty({
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
