// [sequences] runSequences against the reference host: the clean host passes for several
// seeds; each fault that only sequences or edge values reveal fails; a planted sequence fault
// shrinks to a short story (at most 4 steps) that a vendor can replay; the same seed gives
// the same sequence. 127.0.0.1 only; every run bounded in requests and time.
import { expect } from 'chai';
import type { SequenceResult } from '../../src/sequences/index.ts';
import { sequencesAgainst, withHost } from './support.ts';

/** The faults added for issue 15 (simulator/faults.ts), each invisible to the default suite. */
export const SEQUENCE_FAULTS = [
  'bulk-foreign-consumes',
  'dry-run-used-redeemable',
  'issue-email-wrong-customer',
  'bulk-second-customer-by-mobile',
  'points-reference-other-record',
  'points-reference-not-stored',
  'points-text-truncated-64',
  'coupon-update-non-ascii-mangled',
  'coupon-update-billid-int32',
] as const;

/** Seeds tried against a fault, in order, until one fails (the default run uses one seed per run). */
const FAULT_SEEDS = [1, 2, 3, 4, 5];

/** Coupon codes differ from host to host; the commands and their order must not. */
const symbolic = (sequences: string[][]) => sequences.map((s) => s.map((c) => c.replace(/\b[A-Z0-9]{8}\b/g, 'CODE')));

describe('[sequences] model-based sequences against the reference host', function () {
  this.timeout(120_000);

  for (const seed of [1, 2, 3, 7]) {
    it(`passes on the clean host (seed ${seed}), within the request budget`, async () => {
      const result = await withHost([], (sim) => sequencesAgainst(sim, { seed }));
      if (!result.ok) expect.fail(`false failure:\n${result.failure.details?.join('\n')}`);
      expect(result.requests).to.be.within(20, 150);
      expect(result.sequences.length).to.equal(8);
    });
  }

  for (const fault of SEQUENCE_FAULTS) {
    it(`fails against the fault ${fault}`, async () => {
      let result: SequenceResult | undefined;
      for (const seed of FAULT_SEEDS) {
        result = await withHost([fault], (sim) => sequencesAgainst(sim, { seed }));
        if (!result.ok) break;
      }
      expect(result!.ok, `${fault} not caught with seeds ${FAULT_SEEDS.join(', ')}`).to.equal(false);
    });
  }

  it('sends a burst in flight together for one customer, through the customer lock a run uses: a redemption race (redeem-race) is caught', async () => {
    let result: SequenceResult | undefined;
    for (const seed of FAULT_SEEDS) {
      result = await withHost(['redeem-race'], (sim) => sequencesAgainst(sim, { seed }));
      if (!result.ok) break;
    }
    if (result!.ok) return expect.fail(`redeem-race not caught with seeds ${FAULT_SEEDS.join(', ')}`);
    expect(result!.failure.title).to.match(/concurrent redemptions of one coupon succeeded/);
  });

  it('shrinks a planted sequence fault to a numbered story of at most 4 steps, with curl, expectation, answer, seed and path', async () => {
    const result = await withHost(['bulk-foreign-consumes'], (sim) => sequencesAgainst(sim, { seed: 1 }));
    if (result.ok) return expect.fail('bulk-foreign-consumes not caught with seed 1');
    const { failure } = result;
    expect(failure.steps.length).to.be.within(2, 4);
    expect(failure.steps.map((s) => s.n)).to.deep.equal(failure.steps.map((_, i) => i + 1));
    for (const s of failure.steps) {
      expect(s.curl.length).to.be.at.least(1);
      for (const c of s.curl) {
        expect(c).to.match(/^curl -sS -X (POST|PUT) 'http:\/\/127\.0\.0\.1:\d+\/v2\//);
        expect(c).to.include("Authorization: Basic ***"); // credentials redacted
      }
      expect(s.expected).to.be.a('string').and.not.equal('');
      expect(s.received[0]).to.match(/^HTTP \d{3} /);
    }
    expect(failure.steps.at(-1)!.problem?.title).to.equal(failure.title.replace(/^sequence of \d+ steps?, step \d+: /, ''));
    expect(failure.seed).to.equal(1);
    expect(failure.path).to.match(/^\d+(:\d+)*$/);
    expect(failure.details!.join('\n')).to.match(/^1\. issue a coupon/m).and.match(/replay: seed 1, path "/);
  });

  it('replays a failure from its seed and path', async () => {
    const first = await withHost(['points-reference-other-record'], (sim) => sequencesAgainst(sim, { seed: 2 }));
    if (first.ok) return expect.fail('points-reference-other-record not caught with seed 2');
    const again = await withHost(['points-reference-other-record'], (sim) => sequencesAgainst(sim, { seed: 2, path: first.failure.path, replayPath: first.failure.replayPath }));
    if (again.ok) return expect.fail('the replay passed');
    expect(again.failure.title).to.equal(first.failure.title);
    expect(again.failure.steps.map((s) => s.command)).to.deep.equal(first.failure.steps.map((s) => s.command));
  });

  it('runs the same sequences for the same seed', async () => {
    const [a, b] = await Promise.all([withHost([], (sim) => sequencesAgainst(sim, { seed: 42 })), withHost([], (sim) => sequencesAgainst(sim, { seed: 42 }))]);
    if (!a.ok || !b.ok) return expect.fail('false failure on the clean host');
    expect(symbolic(a.sequences)).to.deep.equal(symbolic(b.sequences));
    const c = await withHost([], (sim) => sequencesAgainst(sim, { seed: 43 }));
    if (!c.ok) return expect.fail('false failure on the clean host');
    expect(symbolic(c.sequences)).to.not.deep.equal(symbolic(a.sequences));
  });

  it('stays within its request budget, shrinking included', async () => {
    const result = await withHost(['bulk-foreign-consumes'], (sim) => sequencesAgainst(sim, { seed: 1, maxRequests: 60 }));
    expect(result.requests).to.be.at.most(60);
  });
});
