// The saved-failure format and the comparison replay judges by: what is masked (coupon codes,
// generated ids, timestamps, durations) and what is not (documented codes, statuses, wording).
import { expect } from 'chai';
import type { Failure, FailureKind } from '../../src/results/types.ts';
import { checkSavedFailure, maskVolatile, sameFailure, ReplayFileError, FAILURE_FORMAT } from '../../src/replay/index.ts';

const failure = (over: Partial<Pick<Failure, 'title' | 'received' | 'documented'>> & { kind?: FailureKind } = {}): Pick<Failure, 'kind' | 'title' | 'received' | 'documented'> => ({
  kind: 'undocumented-code',
  title: 'coupon L675JBC7 refused without the documented code',
  received: 'HTTP 200, codes 700, redemptionId 18958126 at 2024-11-06 10:44:07',
  documented: 'a 4xx with code 703 or 710 or 723',
  ...over,
});

describe('replay: the saved failure and its comparison', () => {
  it('masks coupon codes, generated ids, timestamps and durations', () => {
    const a = failure();
    const b = failure({ title: 'coupon ZZ9ABC12 refused without the documented code', received: 'HTTP 200, codes 700, redemptionId 20000001 at 2025-01-01T00:00:00Z' });
    expect(sameFailure(a, b).same).to.equal(true);
    expect(maskVolatile('took 35 ms')).to.equal(maskVolatile('took 4012 ms'));
    expect(maskVolatile('id 3f2b0c9e-1d2a-4b3c-8d9e-0a1b2c3d4e5f')).to.equal('id ‹id›');
  });

  it('keeps documented codes, statuses, kinds and wording: a different one is a different failure', () => {
    const a = failure();
    expect(sameFailure(a, failure({ received: a.received.replace('codes 700', 'codes 701') })).same).to.equal(false);
    expect(sameFailure(a, failure({ received: a.received.replace('HTTP 200', 'HTTP 400') })).same).to.equal(false);
    expect(sameFailure(a, failure({ documented: 'a 4xx with code 749' })).same).to.equal(false);
    const kind = sameFailure(a, failure({ kind: 'accepted-invalid-request' }));
    expect(kind.same).to.equal(false);
    expect(kind.differences[0]).to.equal('kind: undocumented-code → accepted-invalid-request');
  });

  it('refuses a file that is not a saved failure, naming the file and the key', () => {
    const good = { format: FAILURE_FORMAT, check: 'a.b', title: 't', checkKind: 'scenario', rule: 'a.b', operation: '*', seed: 1, failure: failure(), requests: [], options: { bulkMax: 50, runs: null } };
    expect(checkSavedFailure(good, 'f.json').check).to.equal('a.b');
    const bad: [unknown, RegExp][] = [
      [[], /f\.json: is not a saved failure/],
      [{ ...good, format: 'x' }, /format must be/],
      [{ ...good, seed: 'one' }, /seed must be an integer/],
      [{ ...good, path: '1:x' }, /path must be fast-check's path/],
      [{ ...good, rule: '' }, /rule must be a non-empty string/],
      [{ ...good, failure: { title: 't' } }, /failure must have a title, received and documented/],
      [{ ...good, options: { bulkMax: 0 } }, /options\.bulkMax/],
      [{ ...good, options: { bulkMax: 50, sequences: { runs: -1, steps: 1 } } }, /options\.sequences/],
    ];
    for (const [value, message] of bad) {
      expect(() => checkSavedFailure(value, 'f.json')).to.throw(ReplayFileError, message);
    }
  });
});
