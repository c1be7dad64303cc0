// Unit tests of the normalisation and the comparison: what two conforming hosts may show
// differently never shows as a difference; a real change of status, code, field or value does.
import { expect } from 'chai';
import { compareAnswers, STATUS_PATH } from '../../src/diff/compare.ts';
import { isDateString, normalizeAnswer, sideContext, type NormalizedAnswer } from '../../src/diff/normalize.ts';
import type { FixturesLike, RecordedExchange } from '../../src/diff/types.ts';

const fixturesA: FixturesLike = {
  seriesId: 544770,
  customers: [
    { id: 555567088, mobile: '919800000001', externalId: 'SIM-EXT-0001', email: 'asha.rao@example.com' },
    { id: 555567089, mobile: '919800000002', externalId: 'SIM-EXT-0002', email: 'ben.okafor@example.com' },
  ],
  pointsRedemptions: [{ redemptionId: '8878ru', externalReferenceNumber: 'ACR-1', customer: { mobile: '919800000001' } }],
};
// Host B: other values for the same roles; customer ids as short as the DESIGN.md example's.
const fixturesB: FixturesLike = {
  seriesId: 9001,
  customers: [
    { id: 1, mobile: '447700900001', externalId: 'x1', email: 'a@example.org' },
    { id: 2, mobile: '447700900002', externalId: 'x2', email: 'b@example.org' },
  ],
  pointsRedemptions: [{ redemptionId: 'R-77', externalReferenceNumber: 'REF-77', customer: { mobile: '447700900001' } }],
};

let n = 0;
function ex(operation: string, status: number, body: unknown, requestBody?: unknown): RecordedExchange {
  return { key: `k#${n++}`, operation, request: { method: 'POST', path: '/x', body: requestBody }, response: { status, body } };
}

/** The differences between A's and B's answers, each normalised with its own fixtures and traffic. */
function diff(a: RecordedExchange, b: RecordedExchange, fa = fixturesA, fb = fixturesA) {
  const na: NormalizedAnswer = normalizeAnswer(a, sideContext(fa, [a]));
  const nb: NormalizedAnswer = normalizeAnswer(b, sideContext(fb, [b]));
  return compareAnswers(a.operation, na, nb);
}

const issueAnswer = (o: { id: number | string; code: string; customerId: number; validTill: string; seriesId: number | string }) => ({
  code: o.code, seriesId: o.seriesId, discountValue: 10, validTill: o.validTill, redemptionCount: 0, id: o.id,
  customer: { id: o.customerId, profiles: [{ userId: o.customerId, autoUpdateTime: '2024-06-25T06:51:13Z', identifiers: [{ type: 'mobile', value: '919800000001' }] }] },
  warnings: [],
});

const bulkEntry = (code: string, redemptionId: string, status: number, message: string) => ({
  entityId: 1349127401, result: { redemptionId, id: 1349127401, code, redemptionStatus: { code: status, success: status === 700, message } },
  errors: status === 700 ? [] : [{ status: false, code: status, message }],
});

describe('diff: normalisation never shows what a conforming vendor may answer differently', () => {
  it('generated coupon ids and coupon codes of an issue answer', () => {
    const a = ex('issueCoupon', 200, issueAnswer({ id: 1349127401, code: 'K7PQ2MZX', customerId: 555567088, validTill: '2099-12-31T23:59:59Z', seriesId: 544770 }));
    const b = ex('issueCoupon', 200, issueAnswer({ id: 88, code: '23456789', customerId: 555567088, validTill: '2099-12-31T23:59:59Z', seriesId: 544770 }));
    expect(diff(a, b)).to.deep.equal([]);
  });

  it('timestamps and dates in any format, and epoch times under a time-like key', () => {
    const at = (t: unknown, e: unknown) => ({ validTill: t, redemptionDate: t, redemptionTime: e, autoUpdateTime: t });
    const a = ex('updatePointsRedemption', 200, at('2024-07-26T10:52:24Z', 1721991144000));
    for (const [t, e] of [['2026-12-02 11:59:57', 1764676797], ['Wed, 02 Dec 2026 11:59:57 GMT', '1764676797000'], ['2026-12-02', 1764676797123], ['02/12/2026 11:59', 1721991144]] as const) {
      expect(diff(a, ex('updatePointsRedemption', 200, at(t, e))), `${t} ${e}`).to.deep.equal([]);
    }
    expect(isDateString('ACR-5801353177')).to.equal(false);
    expect(isDateString('number7939623970')).to.equal(false);
  });

  it('number notation ("10", 10.0, 10) and key order', () => {
    const a = ex('bulkRedeemCoupons', 200, { totalCount: 2, failureCount: 0, amount: 10.5, code: 700 });
    const b = ex('bulkRedeemCoupons', 200, { code: '700', amount: '10.50', failureCount: '0', totalCount: 2.0 });
    expect(diff(a, b)).to.deep.equal([]);
  });

  it('entry order: bulk entries matched by the coupon they name, whatever the host calls it', () => {
    const reqA = { redemptionRequestList: [{ code: 'AAAA1111' }, { code: 'BBBB2222' }] };
    const reqB = { redemptionRequestList: [{ code: 'CCCC3333' }, { code: 'DDDD4444' }] };
    const a = ex('bulkRedeemCoupons', 400, { response: [bulkEntry('AAAA1111', '-1', 702, 'Coupon code is invalid'), bulkEntry('BBBB2222', '-1', 749, 'failed because of other coupons')] }, reqA);
    const b = ex('bulkRedeemCoupons', 400, { response: [bulkEntry('DDDD4444', '-1', 749, 'Redeem failed: other coupons in the batch'), bulkEntry('CCCC3333', '-1', 702, 'Invalid coupon')] }, reqB);
    expect(diff(a, b)).to.deep.equal([]);
    // The same entries with the codes swapped between the coupons is a real difference.
    const swapped = ex('bulkRedeemCoupons', 400, { response: [bulkEntry('CCCC3333', '-1', 749, 'x'), bulkEntry('DDDD4444', '-1', 702, 'y')] }, reqB);
    const d = diff(a, swapped);
    expect(d.map((x) => x.path)).to.include('/response[]/result/redemptionStatus/code');
    expect(d.map((x) => x.path)).to.include('/response[]/errors[]/code');
  });

  it('arrays of objects without an identity compare whatever their order', () => {
    const a = ex('x', 400, { errors: [{ status: false, code: 702, message: 'a' }, { status: false, code: 749, message: 'b' }] });
    const b = ex('x', 400, { errors: [{ status: false, code: 749, message: 'c' }, { status: false, code: 702, message: 'd' }] });
    expect(diff(a, b)).to.deep.equal([]);
  });

  it("fixture values: host B's answer naming B's customer equals A's naming A's (ids as short as 1 do not eat counts)", () => {
    const body = (f: FixturesLike, code: string) => ({
      ...issueAnswer({ id: 7, code, customerId: f.customers[0].id, validTill: '2099-12-31', seriesId: f.seriesId }),
      customer: { id: f.customers[0].id, mobile: f.customers[0].mobile, email: f.customers[0].email!.toUpperCase(), externalId: f.customers[0].externalId, profiles: [{ userId: f.customers[0].id }] },
      totalCount: 1, failedCount: 2, points: { redemptionId: f.pointsRedemptions![0].redemptionId, externalReferenceNumber: f.pointsRedemptions![0].externalReferenceNumber, customerId: f.customers[0].id },
    });
    const a = ex('issueCoupon', 200, body(fixturesA, 'K7PQ2MZX'));
    const b = ex('issueCoupon', 200, body(fixturesB, 'Q2W3E4R5'));
    expect(diff(a, b, fixturesA, fixturesB)).to.deep.equal([]);
    // B naming its second customer where A named its first is a difference.
    const other = ex('issueCoupon', 200, { ...body(fixturesB, 'Q2W3E4R5'), customer: { ...body(fixturesB, 'Q').customer, mobile: fixturesB.customers[1].mobile } });
    expect(diff(a, other, fixturesA, fixturesB).map((d) => [d.path, d.kind])).to.deep.equal([['/customer/mobile', 'value']]);
    // The count 1 stays a count on host B, whose customer 0 has id 1.
    const counts = ex('issueCoupon', 200, { ...body(fixturesB, 'Q2W3E4R5'), totalCount: 2 });
    expect(diff(a, counts, fixturesA, fixturesB).map((d) => [d.path, d.a, d.b])).to.deep.equal([['/totalCount', 1, 2]]);
  });

  it('message wording where a code sits beside it; not where none does', () => {
    const a = ex('x', 400, { errors: [{ status: false, code: 701, message: 'The customer could not be found' }] });
    const b = ex('x', 400, { errors: [{ status: false, code: 701, message: 'Customer not found.' }] });
    expect(diff(a, b)).to.deep.equal([]);
    const c = ex('x', 400, { note: { message: 'The customer could not be found' } });
    const d = ex('x', 400, { note: { message: 'Customer not found.' } });
    expect(diff(c, d).map((x) => x.path)).to.deep.equal(['/note/message']);
  });
});

describe('diff: a real change shows, at its field path', () => {
  it('a status', () => {
    const d = diff(ex('x', 400, { code: 750 }), ex('x', 500, { code: 500 }));
    expect(d).to.deep.equal([{ operation: 'x', path: STATUS_PATH, kind: 'status', a: 400, b: 500 }]);
  });
  it('a code', () => {
    const d = diff(ex('x', 400, { errors: [{ code: 749, message: 'm' }] }), ex('x', 400, { errors: [{ code: 750, message: 'n' }] }));
    expect(d).to.deep.equal([{ operation: 'x', path: '/errors[]/code', kind: 'value', a: 749, b: 750 }]);
  });
  it('a missing field, an extra field', () => {
    const d = diff(ex('x', 200, { code: 'K7PQ2MZX', seriesId: 1 }), ex('x', 200, { couponCode: 'K7PQ2MZX', seriesId: 1 }));
    expect(d.map((x) => [x.path, x.kind])).to.deep.equal([['/code', 'missing'], ['/couponCode', 'extra']]);
  });
  it('a wrong value, a wrong type', () => {
    const d = diff(ex('x', 200, { redemptionCount: 0, customFields: { a: '1' } }), ex('x', 200, { redemptionCount: 1, customFields: 'a=1' }));
    expect(d.map((x) => [x.path, x.kind])).to.deep.equal([['/redemptionCount', 'value'], ['/customFields', 'type']]);
  });
  it('a sentinel id ("-1" of a dry run) against a real-looking one', () => {
    const req = { redemptionRequestList: [{ code: 'AAAA1111' }] };
    const a = ex('bulkRedeemCoupons', 200, { response: [bulkEntry('AAAA1111', '-1', 700, 'ok')] }, req);
    const b = ex('bulkRedeemCoupons', 200, { response: [bulkEntry('AAAA1111', '19958125', 700, 'ok')] }, req);
    expect(diff(a, b)).to.deep.equal([{ operation: 'bulkRedeemCoupons', path: '/response[]/result/redemptionId', kind: 'value', a: -1, b: '‹id›' }]);
  });
  it('an echoed redemption id that is not the one the request sent', () => {
    const req = { redemptions: [{ redemptionId: 18958125 }, { redemptionId: 18958126 }] };
    const a = ex('updateCouponRedemption', 200, { entity: { redemptions: [{ redemptionId: 18958125, billId: 5 }, { redemptionId: 18958126, billId: 6 }] } }, req);
    const b = ex('updateCouponRedemption', 200, { entity: { redemptions: [{ redemptionId: 18958125, billId: 5 }, { redemptionId: 18958125, billId: 6 }] } }, req);
    expect(diff(a, b).map((x) => x.path)).to.include('/entity/redemptions[]/redemptionId');
  });
  it('an echoed request value drawn anew on each run (a transaction number from the clock) is no difference; echoing another one is', () => {
    const req = (t: string, u: string) => ({ redemptions: [{ redemptionId: 1, transactionNumber: t }, { redemptionId: 2, transactionNumber: u }] });
    const answer = (t: string, u: string) => ({ entity: { redemptions: [{ redemptionId: 1, transactionNumber: t }, { redemptionId: 2, transactionNumber: u }] } });
    const a = ex('updateCouponRedemption', 200, answer('conf-111-aaa', 'conf-111-bbb'), req('conf-111-aaa', 'conf-111-bbb'));
    const b = ex('updateCouponRedemption', 200, answer('conf-222-ccc', 'conf-222-ddd'), req('conf-222-ccc', 'conf-222-ddd'));
    expect(diff(a, b)).to.deep.equal([]);
    const wrong = ex('updateCouponRedemption', 200, answer('conf-222-ddd', 'conf-222-ddd'), req('conf-222-ccc', 'conf-222-ddd'));
    expect(diff(a, wrong).map((d) => d.path)).to.deep.equal(['/entity/redemptions[]/transactionNumber']);
  });

  it('no answer against an answer', () => {
    const a = ex('x', 200, {});
    const b: RecordedExchange = { ...a, response: null, error: 'the host closed or reset the connection without answering' };
    expect(diff(a, b)).to.deep.equal([{ operation: 'x', path: STATUS_PATH, kind: 'status', a: 200, b: null }]);
  });
});
