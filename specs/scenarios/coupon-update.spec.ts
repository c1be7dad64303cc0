// PUT /v2/coupon/redeem, the lifecycle: issue -> bulk redeem -> update the redemption's
// transaction details. Per entry 761 or 510; overall 761 when all succeed, 762 when some fail.
import { rule, send, failWith, type Received } from '../../src/runtime/rule.ts';
import { expectAccepted, expectRefusal } from '../../src/runtime/expect.ts';
import { session } from '../../src/runtime/session.ts';
import { couponUpdateStatus, codesIn, isErrorEnvelope } from '../../src/contract/envelopes.ts';
import { couponUpdateRequest } from '../../generators/fixture-requests.ts';
import { expectRedeemed, fixtures, issueCoupon, redeem, redemptionIdsOf } from '../support/flows.ts';

const PAGE = 'put-v2-coupon-redeem.txt';
/** A redemption id no host has handed out (ids are positive integers; this one is far beyond any sequence). */
const UNKNOWN_REDEMPTION_ID = 987_654_321_012;

let redemptionId: number | undefined;
async function redeemedId(): Promise<number> {
  if (redemptionId !== undefined) return redemptionId;
  const customer = fixtures().customers[0];
  const { code } = await issueCoupon(customer);
  const redeemed = await redeem([code], customer);
  expectRedeemed(redeemed, [code]);
  const [id] = redemptionIdsOf(redeemed);
  if (id === undefined) failWith(redeemed, { title: 'the redemption has no redemption id', received: 'no numeric result.redemptionId', documented: 'result.redemptionId: the redemption id (a string of digits in the example)' });
  redemptionId = id;
  return id;
}

function update(ids: number[]): Promise<Received> {
  return send({ operation: 'updateCouponRedemption', body: couponUpdateRequest(ids, fixtures().customers[0]) });
}

function expectEntry(received: Received, id: number, situationKey: string): void {
  const { contract } = session();
  const codes = contract.codes('updateCouponRedemption', situationKey);
  const entry = couponUpdateStatus(received.response.json).entries.find((e) => e.redemptionId === id);
  if (!entry || entry.code === undefined || !codes.includes(entry.code)) {
    failWith(received, { title: `the entry for redemption ${id} does not answer ${codes.join(' or ')}`, received: entry ? `code ${entry.code}, status ${entry.status}` : 'no entry for that id', documented: `redemptionStatus.code ${codes.join(' or ')} (${situationKey})` });
  }
}

function expectOverall(received: Received, situationKey: string): void {
  const codes = session().contract.codes('updateCouponRedemption', situationKey);
  const { overall } = couponUpdateStatus(received.response.json);
  if (overall.code === undefined || !codes.includes(overall.code)) {
    failWith(received, { title: `the overall status is not ${codes.join(' or ')}`, received: `entity.status.code ${overall.code}`, documented: `entity.status.code ${codes.join(' or ')} (${situationKey})` });
  }
}

describe('PUT /v2/coupon/redeem: the redemption lifecycle', () => {
  rule(
    { id: 'coupon-update.lifecycle-updated', title: 'should update a redemption made by bulk redeem: 761 on the entry and overall', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (761 "Coupon redemption update successful")` },
    async () => {
      const id = await redeemedId();
      const received = await update([id]);
      expectAccepted(received, 'HTTP 200, entity.status 761');
      expectEntry(received, id, 'entry-updated');
      expectOverall(received, 'all-updated');
    },
  );

  rule(
    { id: 'coupon-update.partial-update', title: 'should answer 762 overall and 510 on the unknown entry when one id of several is unknown', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (the example: 762 "partially successful", 510 "Invalid Redemption ids present")` },
    async () => {
      const id = await redeemedId();
      const received = await update([id, UNKNOWN_REDEMPTION_ID]);
      expectAccepted(received, 'HTTP 200 (the page\'s example of a partial update), entity.status 762');
      expectOverall(received, 'partially-updated');
      expectEntry(received, id, 'entry-updated');
      expectEntry(received, UNKNOWN_REDEMPTION_ID, 'unknown-redemption-id');
    },
  );

  rule(
    { id: 'coupon-update.all-failed', title: 'should report a failure when every redemption id is unknown', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: `${PAGE} (510; the operation's description in openapi.yaml: a 4xx, or a 2xx that says it failed)` },
    async () => {
      const received = await update([UNKNOWN_REDEMPTION_ID]);
      const { status, json } = received.response;
      if (status >= 400 && status < 500) return expectRefusal(received, 'all-failed');
      const { overall, success } = couponUpdateStatus(json);
      const saysFailed = success === false || overall.status === false || isErrorEnvelope(json);
      const codes = session().contract.codes('updateCouponRedemption', 'all-failed');
      if (!saysFailed || !codesIn(json).some((c) => codes.includes(c))) {
        failWith(received, { title: 'an update where every id is unknown is not reported as failed', received: `HTTP ${status}, success ${success}, entity.status ${JSON.stringify(overall)}`, documented: `a 4xx, or a 2xx with success false / entity.status.status false, and code ${codes.join(' or ')}` });
      }
    },
  );

  rule(
    { id: 'coupon-update.no-redemption-id', title: 'should refuse an update with no redemption id with 661', operation: 'updateCouponRedemption', kind: 'scenario', writes: true, source: 'FACTS.md code 661 "No Redemption id passed"' },
    async () => {
      expectRefusal(await send({ operation: 'updateCouponRedemption', body: { redemptions: [], user: { mobile: fixtures().customers[0].mobile } } }), 'no-redemption-id');
    },
  );
});
