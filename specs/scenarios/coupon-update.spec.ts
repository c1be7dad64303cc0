// PUT /v2/coupon/redeem, the lifecycle: issue -> bulk redeem -> update the redemption's
// transaction details. Per entry 761 or 510; overall 761 when all succeed, 762 when some fail.
import { group, rule } from '../../src/rules/registry.ts';
import type { Customer } from '../../src/config/index.ts';
import { customersFor, type RuleContext } from '../../src/runtime/context.ts';
import { send, failWith, type Received } from '../../src/runtime/exchange.ts';
import { expectAccepted, expectRefusal } from '../../src/runtime/verdicts.ts';
import { couponUpdateStatus, codesIn, isErrorEnvelope } from '../../src/contract/envelopes.ts';
import { couponUpdateRequest } from '../../generators/requests.ts';
import { expectRedeemed, issueCoupon, redeem, redemptionIdsOf } from '../support/flows.ts';

const PAGE = 'put-v2-coupon-redeem.txt';
/** A redemption id no host has handed out (ids are positive integers; this one is far beyond any sequence). */
const UNKNOWN_REDEMPTION_ID = 987_654_321_012;

const SHARED_REDEMPTION = 'coupon-update.redemption';
/** The customer of the shared redemption, who updates it. */
const owner = (ctx: RuleContext): Customer => customersFor(ctx.fixtures.customers, SHARED_REDEMPTION)[0];

/** One redemption of `owner`, made once per run (through the API) and shared by the rules that update it. */
function redeemedId(ctx: RuleContext): Promise<number> {
  return ctx.shared.memo(SHARED_REDEMPTION, async () => {
    const customer = owner(ctx);
    const { code } = await issueCoupon(ctx, customer);
    const redeemed = await redeem(ctx, [code], customer);
    expectRedeemed(ctx, redeemed, [code]);
    const [id] = redemptionIdsOf(redeemed);
    if (id === undefined) failWith(ctx, redeemed, { kind: 'schema-violation', title: 'the redemption has no redemption id', received: 'no numeric result.redemptionId', documented: 'result.redemptionId: the redemption id (a string of digits in the example)' });
    return id;
  });
}

/** An update of exactly `ids` (in order) by `owner`, named by mobile, drawn from the seed. */
function update(ctx: RuleContext, ids: number[]): Promise<Received> {
  const body = ctx.draw(couponUpdateRequest({ contract: ctx.contract, customer: owner(ctx), redemptionIds: ids, all: true, kinds: ['mobile'] }));
  return send(ctx, { operation: 'updateCouponRedemption', body });
}

function expectEntry(ctx: RuleContext, received: Received, id: number, situationKey: string): void {
  const codes = ctx.contract.codes('updateCouponRedemption', situationKey);
  const entry = couponUpdateStatus(received.response.json).entries.find((e) => e.redemptionId === id);
  if (!entry || entry.code === undefined || !codes.includes(entry.code)) {
    failWith(ctx, received, { kind: 'undocumented-code', title: `the entry for redemption ${id} does not answer ${codes.join(' or ')}`, received: entry ? `code ${entry.code}, status ${entry.status}` : 'no entry for that id', documented: `redemptionStatus.code ${codes.join(' or ')} (${situationKey})` });
  }
}

function expectOverall(ctx: RuleContext, received: Received, situationKey: string): void {
  const codes = ctx.contract.codes('updateCouponRedemption', situationKey);
  const { overall } = couponUpdateStatus(received.response.json);
  if (overall.code === undefined || !codes.includes(overall.code)) {
    failWith(ctx, received, { kind: 'undocumented-code', title: `the overall status is not ${codes.join(' or ')}`, received: `entity.status.code ${overall.code}`, documented: `entity.status.code ${codes.join(' or ')} (${situationKey})` });
  }
}

export default group('PUT /v2/coupon/redeem: the redemption lifecycle', [
  rule(
    { id: 'coupon-update.lifecycle-updated', title: 'should update a redemption made by bulk redeem: 761 on the entry and overall', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (761 "Coupon redemption update successful")`, covers: ['{prefix}.situation.entry-updated', '{prefix}.situation.all-updated', 'page-defect.redemption-id-type'] },
    async (ctx) => {
      const id = await redeemedId(ctx);
      const received = await update(ctx, [id]);
      expectAccepted(ctx, received, 'HTTP 200, entity.status 761');
      expectEntry(ctx, received, id, 'entry-updated');
      expectOverall(ctx, received, 'all-updated');
    },
  ),

  rule(
    { id: 'coupon-update.partial-update', title: 'should answer 762 overall and 510 on the unknown entry when one id of several is unknown', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (the example: 762 "partially successful", 510 "Invalid Redemption ids present")`, covers: ['{prefix}.situation.partially-updated', '{prefix}.situation.entry-updated', '{prefix}.situation.unknown-redemption-id'] },
    async (ctx) => {
      const id = await redeemedId(ctx);
      const received = await update(ctx, [id, UNKNOWN_REDEMPTION_ID]);
      expectAccepted(ctx, received, 'HTTP 200 (the page\'s example of a partial update), entity.status 762');
      expectOverall(ctx, received, 'partially-updated');
      expectEntry(ctx, received, id, 'entry-updated');
      expectEntry(ctx, received, UNKNOWN_REDEMPTION_ID, 'unknown-redemption-id');
    },
  ),

  rule(
    { id: 'coupon-update.all-failed', title: 'should report a failure when every redemption id is unknown', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (510; the operation's description in openapi.yaml: a 4xx, or a 2xx that says it failed)` },
    async (ctx) => {
      const received = await update(ctx, [UNKNOWN_REDEMPTION_ID]);
      const { status, json } = received.response;
      if (status >= 400 && status < 500) return expectRefusal(ctx, received, 'all-failed');
      const { overall, success } = couponUpdateStatus(json);
      const saysFailed = success === false || overall.status === false || isErrorEnvelope(json);
      const codes = ctx.contract.codes('updateCouponRedemption', 'all-failed');
      if (!saysFailed || !codesIn(json).some((c) => codes.includes(c))) {
        failWith(ctx, received, { kind: 'accepted-invalid-request', title: 'an update where every id is unknown is not reported as failed', received: `HTTP ${status}, success ${success}, entity.status ${JSON.stringify(overall)}`, documented: `a 4xx, or a 2xx with success false / entity.status.status false, and code ${codes.join(' or ')}` });
      }
    },
  ),

  rule(
    { id: 'coupon-update.no-redemption-id', title: 'should refuse an update with no redemption id with 661', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: 'FACTS.md code 661 "No Redemption id passed"' },
    async (ctx) => {
      expectRefusal(ctx, await send(ctx, { operation: 'updateCouponRedemption', body: { redemptions: [], user: { mobile: ctx.customers[0].mobile } } }), 'no-redemption-id');
    },
  ),
]);
