// POST /v2/coupon/bulk/redeem: the business rules a schema cannot express. State is
// verified through the API itself (a coupon that must still be redeemable is redeemed),
// never by looking inside the host.
import type { Customer } from '../../src/config/index.ts';
import { sameCustomerTogether } from '../../src/client/index.ts';
import { group, rule } from '../../src/rules/registry.ts';
import { customersFor, type RuleContext } from '../../src/runtime/context.ts';
import { CheckFailure, send, failWith, type Received } from '../../src/runtime/exchange.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { bulkEntries } from '../../src/contract/envelopes.ts';
import { unknownCouponCode, unknownCustomerReference } from '../../generators/domain.ts';
import { expectRedeemed, issueCoupon, issueCoupons, redeem, redeemRequest } from '../support/flows.ts';

const PAGE = 'post-v2-coupon-bulk-redeem.txt';
/** Concurrent redemptions of one coupon in the concurrency rule. */
export const CONCURRENT_REDEMPTIONS = 8;

/** The batch-limit-exceeded rule's coupons, still unredeemed when the rejection held: the exact-limit rule reuses them. */
const UNCONSUMED = 'bulk-redeem.batch-limit.unconsumed';
/** The customer both batch-limit rules act for (the coupons pass from one to the other). */
const batchLimitCustomer = (ctx: RuleContext): Customer => customersFor(ctx.fixtures.customers, UNCONSUMED)[0];

export default group('POST /v2/coupon/bulk/redeem: business rules', [
  rule(
    {
      id: 'bulk-redeem.batch-limit-exceeded', covers: ['{prefix}.batch-limit', '{prefix}.situation.batch-too-large', '{prefix}.situation.redeemable'],
      title: 'should reject a batch of limit + 1 coupons whole, with a documented code, and redeem none of them',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true, uses: [UNCONSUMED],
      source: `${PAGE} ("A maximum of 50 coupons can be redeemed in a single API request"; x-profile.bulkRedeemMax)`,
    },
    async (ctx) => {
      const { contract } = ctx;
      const customer = batchLimitCustomer(ctx);
      const codes = await issueCoupons(ctx, customer, contract.bulkMax + 1);
      const over = await redeem(ctx, codes, customer);
      expectRefusal(ctx, over, 'batch-too-large');
      // Nothing was redeemed: every one of them still passes a dry run.
      expectRedeemed(ctx, await redeem(ctx, codes.slice(0, contract.bulkMax), customer, { dryRun: true }), codes.slice(0, contract.bulkMax), { dryRun: true });
      expectRedeemed(ctx, await redeem(ctx, codes.slice(contract.bulkMax), customer, { dryRun: true }), codes.slice(contract.bulkMax), { dryRun: true });
      ctx.shared.set(UNCONSUMED, codes.slice(0, contract.bulkMax));
    },
  ),

  rule(
    {
      id: 'bulk-redeem.batch-limit-exact', covers: ['{prefix}.batch-limit', '{prefix}.situation.redeemed'],
      title: 'should redeem exactly limit coupons in one request',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true, uses: [UNCONSUMED],
      source: `${PAGE} (batch limit)`,
    },
    async (ctx) => {
      const { contract } = ctx;
      const customer = batchLimitCustomer(ctx);
      const unconsumed = ctx.shared.get<string[]>(UNCONSUMED);
      const batch = unconsumed?.length === contract.bulkMax ? unconsumed : await issueCoupons(ctx, customer, contract.bulkMax);
      expectRedeemed(ctx, await redeem(ctx, batch, customer), batch);
    },
  ),

  rule(
    {
      id: 'bulk-redeem.atomic-failure', covers: ['{prefix}.situation.unknown-coupon', '{prefix}.situation.failed-because-of-others', '{prefix}.situation.redeemed'],
      title: 'should redeem nothing when one coupon is invalid: its own code on it, 749 on the others',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE} ("Bulk coupon redemption will fail if even one of the coupons is invalid ... There is no option for partial success"; code 749)`,
    },
    async (ctx) => {
      const { contract } = ctx;
      const customer = ctx.customers[0];
      const valid = await issueCoupons(ctx, customer, 3);
      const bad = ctx.draw(unknownCouponCode());
      const batch = [valid[0], valid[1], bad, valid[2]];
      const answer = await redeem(ctx, batch, customer);
      expectRefusal(ctx, answer, 'unknown-coupon');
      const entries = bulkEntries(answer.response.json);
      if (entries.length) {
        // Per-entry results are sent: the bad entry carries its own code, every other one 749.
        const badEntry = entries.find((e) => e.coupon === bad);
        const unknownCodes = contract.codes('bulkRedeemCoupons', 'unknown-coupon');
        if (badEntry && !badEntry.codes.some((c) => unknownCodes.includes(c))) {
          failWith(ctx, answer, { kind: 'undocumented-code', title: 'the invalid coupon does not carry its own code', received: `codes ${badEntry.codes.join(', ') || 'none'} on ${bad}`, documented: `one of ${unknownCodes.join(', ')}` });
        }
        const others = contract.codes('bulkRedeemCoupons', 'failed-because-of-others');
        for (const code of valid) {
          const entry = entries.find((e) => e.coupon === code);
          if (entry && (entry.success === true || !entry.codes.some((c) => others.includes(c)))) {
            failWith(ctx, answer, { kind: 'state-violation', title: `the valid coupon ${code} is not marked as failed because of the others`, received: `success ${entry.success}, codes ${entry.codes.join(', ') || 'none'}`, documented: `success false, code ${others.join(' or ')} ("failed because of failure on other coupons in the batch")` });
          }
        }
        const body = answer.response.json as { totalCount?: unknown; failureCount?: unknown };
        const failing = entries.filter((e) => e.success === false).length;
        const ownFailures = entries.filter((e) => e.success === false && !e.codes.every((c) => others.includes(c))).length;
        if (body.totalCount !== undefined && body.totalCount !== batch.length && body.totalCount !== entries.length) {
          failWith(ctx, answer, { kind: 'rule-violated', title: 'totalCount does not count the entries', received: `totalCount ${JSON.stringify(body.totalCount)}`, documented: `${batch.length}: total count of items` });
        }
        if (body.failureCount !== undefined && body.failureCount !== failing && body.failureCount !== ownFailures) {
          failWith(ctx, answer, { title: 'failureCount does not count the failed entries', received: `failureCount ${JSON.stringify(body.failureCount)}`, documented: `${failing} (entries that failed) or ${ownFailures} (entries that failed on their own)` });
        }
      }
      // Nothing was consumed: the valid coupons still redeem, for real. (A refusal now means the
      // refused batch consumed them: whatever envelope the refusal had, that is the state broken.)
      const after = await redeem(ctx, valid, customer);
      try {
        expectRedeemed(ctx, after, valid);
      } catch (error) {
        if (!(error instanceof CheckFailure) || error.failure.kind !== 'rejected-valid-request') throw error;
        throw new CheckFailure({ ...error.failure, kind: 'state-violation', title: `the refused batch consumed its valid coupons: ${error.failure.title}` });
      }
    },
  ),

  rule(
    {
      id: 'bulk-redeem.atomic-failure-foreign', covers: ['{prefix}.situation.foreign-coupon', '{prefix}.situation.redeemed'],
      title: 'should redeem nothing when one coupon of the batch is another customer\'s: the batch is refused and its own coupons still redeem',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE} ("Bulk coupon redemption will fail if even one of the coupons is invalid"; not issued to the user: 703, 710, 723)`,
    },
    async (ctx) => {
      const [owner, other] = ctx.customers;
      const own = await issueCoupons(ctx, owner, 2);
      const { code: foreign } = await issueCoupon(ctx, other);
      expectRefusal(ctx, await redeem(ctx, [own[0], foreign, own[1]], owner), 'foreign-coupon');
      // Nothing was consumed: the owner's coupons redeem, and the other customer's is still theirs.
      expectRedeemed(ctx, await redeem(ctx, own, owner), own);
      expectRedeemed(ctx, await redeem(ctx, [foreign], other, { dryRun: true }), [foreign], { dryRun: true });
    },
  ),

  rule(
    {
      id: 'bulk-redeem.dry-run', covers: ['{prefix}.situation.redeemable', '{prefix}.situation.redeemed'],
      title: 'should answer a dry run (is_redeemable=true) with 700 and redemptionId "-1", and redeem nothing',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE} (is_redeemable; the dry-run example: "Coupon isRedeem successful", redemptionId "-1")`,
    },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      expectRedeemed(ctx, await redeem(ctx, [code], customer, { dryRun: true }), [code], { dryRun: true });
      expectRedeemed(ctx, await redeem(ctx, [code], customer), [code]);
    },
  ),

  rule(
    {
      id: 'bulk-redeem.dry-run-invalid', covers: ['{prefix}.situation.unknown-coupon'],
      title: 'should report an invalid coupon in a dry run with its documented code',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: false,
      source: `${PAGE} (is_redeemable: the same checks, nothing redeemed)`,
    },
    async (ctx) => {
      expectRefusal(ctx, await redeem(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0], { dryRun: true }), 'unknown-coupon');
    },
  ),

  rule(
    {
      id: 'bulk-redeem.double-redemption', covers: ['{prefix}.situation.already-redeemed', '{prefix}.situation.redeemed'],
      title: 'should refuse to redeem a coupon that was already redeemed',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE}; FACTS.md codes 711 "Coupon is already used", 716, 747`,
    },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      expectRedeemed(ctx, await redeem(ctx, [code], customer), [code]);
      expectRefusal(ctx, await redeem(ctx, [code], customer), 'already-redeemed');
    },
  ),

  rule(
    {
      id: 'bulk-redeem.same-coupon-twice', covers: ['{prefix}.situation.duplicate-in-request', '{prefix}.situation.redeemed'],
      title: 'should refuse a batch that names the same coupon twice, and redeem nothing',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE}; FACTS.md code 716 "Cannot redeem same Coupon multiple times"`,
    },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      expectRefusal(ctx, await redeem(ctx, [code, code], customer), 'duplicate-in-request');
      expectRedeemed(ctx, await redeem(ctx, [code], customer), [code]);
    },
  ),

  rule(
    {
      id: 'bulk-redeem.foreign-coupon', covers: ['{prefix}.situation.redeemed'],
      title: 'should refuse a coupon issued to another customer, which stays redeemable by its owner',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE} ("not issued to the user"); FACTS.md codes 703, 710, 723`,
    },
    async (ctx) => {
      const [a, b] = ctx.customers;
      const { code } = await issueCoupon(ctx, b);
      expectRefusal(ctx, await redeem(ctx, [code], a), 'foreign-coupon');
      expectRedeemed(ctx, await redeem(ctx, [code], b), [code]);
    },
  ),

  rule(
    {
      id: 'bulk-redeem.unknown-customer',
      title: 'should refuse an unknown customer with HTTP 400 and code 701 (or on its coupon, when the coupons are checked first)',
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: false,
      source: 'FACTS.md (bulk redeem, HTTP 400, customer unknown: code 701)',
    },
    async (ctx) => {
      const user = ctx.draw(unknownCustomerReference({ customers: ctx.customers }));
      const body = { ...redeemRequest(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0]), user };
      // The order of the checks is not documented (x-readings bulk-check-order): a vendor that
      // checks the coupons first refuses the made-up coupon before it looks up the user.
      expectRefusal(ctx, await send(ctx, { operation: 'bulkRedeemCoupons', body, query: ctx.contract.dryRunQuery() }), ['unknown-customer', 'unknown-coupon']);
    },
  ),

  rule(
    {
      id: 'bulk-redeem.concurrent-redemption', covers: ['{prefix}.situation.redeemed'],
      title: `should redeem a coupon exactly once when ${CONCURRENT_REDEMPTIONS} redemptions of it arrive at the same time`,
      operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true,
      source: `${PAGE} (each coupon of the series is redeemable once); FACTS.md HTTP 521 "Multiple actions are running for the same customer"`,
    },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      // In flight together (one scope of the client's customer lock: they overlap each other,
      // never another rule's request for this customer), and not sent again on 521: the rule
      // judges the concurrent answers themselves.
      const answers: Received[] = await sameCustomerTogether(() =>
        Promise.all(Array.from({ length: CONCURRENT_REDEMPTIONS }, () => redeem(ctx, [code], customer, { retryBusy: false }))),
      );
      const successes = answers.filter((a) => a.response.status >= 200 && a.response.status < 300 && bulkEntries(a.response.json).some((e) => e.coupon === code && e.success === true));
      if (successes.length !== 1) {
        failWith(ctx, successes[1] ?? answers[0], {
          kind: 'state-violation',
          title: `${successes.length} of ${CONCURRENT_REDEMPTIONS} concurrent redemptions of one coupon succeeded`,
          received: `${successes.length} successes; statuses ${answers.map((a) => a.response.status).join(', ')}`,
          documented: 'exactly 1: the coupon is redeemable once',
        });
      }
      // The others: refused as a used coupon, or HTTP 521 "Multiple actions are running for the same customer".
      for (const a of answers.filter((x) => !successes.includes(x))) {
        expectRefusal(ctx, a, ['concurrent-redemption', 'customer-busy']);
      }
    },
  ),
]);
