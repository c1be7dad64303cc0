// Model-based sequences (src/model, src/sequences): random sequences of issues, bulk
// redemptions and dry runs (mixing own, the other customer's, used, unknown and repeated
// coupons), coupon redemption updates, points updates and bursts of concurrent redemptions,
// by either customer named by any identifier; after every command the host's answer must be
// the one the model of the vendor pages predicts, and a refused batch must have changed
// nothing. A failure shrinks to the shortest failing sequence, told as numbered steps.
import { group, rule, SEQUENCE_POINTS_RECORDS } from '../../src/rules/registry.ts';
import { CheckFailure } from '../../src/runtime/exchange.ts';
import { runSequences, SEQUENCES_CHECK_ID } from '../../src/sequences/index.ts';
import * as breadth from '../../generators/breadth.ts';

export default group('model-based sequences', [
  rule(
    {
      id: SEQUENCES_CHECK_ID,
      title: 'should answer every step of any sequence of issues, redemptions, dry runs and updates as the documented rules predict, and change nothing on a refused batch',
      kind: 'sequence',
      writes: true,
      source: 'all four pages and FACTS.md (the model: src/model)',
      tags: ['sequence'],
      // Its points updates read back what earlier ones stored: its own share of the records (ctx.pointsRecords).
      uses: [SEQUENCE_POINTS_RECORDS],
      covers: [
        'coupon-issue.situation.issued', 'bulk-redeem.situation.redeemed', 'bulk-redeem.situation.redeemable', 'bulk-redeem.situation.foreign-coupon',
        'bulk-redeem.situation.already-redeemed', 'bulk-redeem.situation.duplicate-in-request', 'bulk-redeem.situation.unknown-coupon',
        'bulk-redeem.situation.failed-because-of-others', 'coupon-update.situation.entry-updated', 'points-update.status.200',
      ],
    },
    async (ctx) => {
      if (ctx.limits.sequences.runs === 0) return;
      const result = await runSequences({
        client: ctx.client,
        contract: ctx.contract,
        fixtures: { ...ctx.fixtures, pointsRedemptions: [...ctx.pointsRecords] },
        seed: ctx.seed,
        redact: ctx.redact,
        numRuns: ctx.limits.sequences.runs,
        maxSteps: ctx.limits.sequences.steps,
        // Bill amounts as decimal strings, the form every reading accepts (x-readings bulk-bill-amount-type).
        values: { ...breadth, bulkAmount: () => breadth.bulkAmount().map(String) },
        // Replaying a saved failure: exactly that sequence (fast-check's path and the commands' replay path).
        ...(ctx.config.replay?.path ? { path: ctx.config.replay.path } : {}),
        ...(ctx.config.replay?.replayPath ? { replayPath: ctx.config.replay.replayPath } : {}),
      });
      if (!result.ok) throw new CheckFailure({ ...result.failure, kind: result.failure.kind ?? 'state-violation' });
    },
  ),
]);
