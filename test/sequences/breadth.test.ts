// [generators] generators/breadth.ts: each arbitrary yields only schema-valid values where it
// claims so (checked with the contract's compiled request validators, in the field the
// sequences use it for), reaches the edges it names, and the invalid ones are schema-invalid.
import { expect } from 'chai';
import fc from 'fast-check';
import { getContract } from '../../src/contract/index.ts';
import {
  amount, anyText, bulkAmount, COLUMN_WIDTHS, INT64_MAX, jsonWithBigInts, longInteger, longText, nullValue, safeInteger,
  textOrEmpty, unicodeText, wrongType,
} from '../../generators/breadth.ts';

const contract = getContract();
const SAMPLE = { seed: 15, numRuns: 300 };

const bulk = (patch: Record<string, unknown>) => ({ redemptionRequestList: [{ code: 'C1' }], user: { id: 1 }, billAmount: '10', ...patch });
const update = (patch: Record<string, unknown>) => ({ redemptions: [{ redemptionId: 1, billAmount: 1, ...patch }] });
const points = (patch: Record<string, unknown>) => ({ redemptionId: 'r1', entity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '91' }, ...patch });

function allValid<T>(arb: fc.Arbitrary<T>, requests: [Parameters<typeof contract.validateRequest>[0], (v: T) => unknown][]): T[] {
  const values = fc.sample(arb, SAMPLE);
  for (const v of values) {
    for (const [op, build] of requests) {
      const errors = contract.validateRequest(op, build(v));
      expect(errors, `${op} with ${JSON.stringify(v)}`).to.deep.equal([]);
    }
  }
  return values;
}

const graphemes = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;

describe('[generators] breadth of values (generators/breadth.ts)', () => {
  it('longText: schema-valid free text, of lengths past 32, 64 and 255', () => {
    const values = allValid(longText(), [
      ['bulkRedeemCoupons', (v) => bulk({ transactionNumber: v })],
      ['updateCouponRedemption', (v) => update({ transactionNumber: v, customFields: { cf_note: v } })],
      ['updatePointsRedemption', (v) => points({ billNumber: v, purpose: v })],
    ]);
    for (const width of COLUMN_WIDTHS) expect(values.some((v) => v.length > width), `some longer than ${width}`).to.equal(true);
    expect(values.some((v) => v.length <= 12)).to.equal(true);
    expect(values.every((v) => v.length > 0 && v.trim() === v)).to.equal(true);
  });

  it('unicodeText: schema-valid, non-ASCII in every value, emoji among them, long ones counted in graphemes', () => {
    const values = allValid(unicodeText(), [
      ['updateCouponRedemption', (v) => update({ transactionNumber: v })],
      ['updatePointsRedemption', (v) => points({ purpose: v })],
    ]);
    expect(values.every((v) => /[^\x00-\x7f]/.test(v))).to.equal(true);
    expect(values.some((v) => /\p{Extended_Pictographic}/u.test(v))).to.equal(true);
    expect(values.some((v) => graphemes(v) > 64)).to.equal(true);
  });

  it('anyText and textOrEmpty: schema-valid; textOrEmpty also yields the empty string', () => {
    allValid(anyText(), [['updatePointsRedemption', (v) => points({ billNumber: v })]]);
    const values = allValid(textOrEmpty(), [['updateCouponRedemption', (v) => update({ transactionNumber: v })]]);
    expect(values).to.include('');
  });

  it('safeInteger: schema-valid billIds up to 2^53 - 1, past 2^31 too', () => {
    const values = allValid(safeInteger(), [
      ['updateCouponRedemption', (v) => update({ billId: v })],
      ['updatePointsRedemption', (v) => points({ billId: v })],
    ]);
    expect(values.every((v) => Number.isSafeInteger(v) && v >= 0)).to.equal(true);
    expect(values.some((v) => v > 2 ** 31)).to.equal(true);
    expect(values).to.include(Number.MAX_SAFE_INTEGER);
  });

  it('longInteger: billIds up to 19 digits (int64), written as JSON integer literals, schema-valid', () => {
    const values = fc.sample(longInteger(), SAMPLE);
    expect(values.every((v) => v >= 0n && v <= INT64_MAX && v.toString().length <= 19)).to.equal(true);
    expect(values.some((v) => v > 2n ** 53n)).to.equal(true);
    expect(values).to.include(INT64_MAX);
    for (const v of values) {
      const text = jsonWithBigInts(points({ billId: v }));
      expect(text).to.include(`"billId":${v.toString()}`);
      expect(contract.validateRequest('updatePointsRedemption', JSON.parse(text))).to.deep.equal([]);
    }
  });

  it('amount and bulkAmount: schema-valid amounts, fractional ones included; bulk amounts as strings too', () => {
    const amounts = allValid(amount(), [['updateCouponRedemption', (v) => update({ billAmount: v })]]);
    expect(amounts.some((v) => !Number.isInteger(v))).to.equal(true);
    const bulkAmounts = allValid(bulkAmount(), [['bulkRedeemCoupons', (v) => bulk({ billAmount: v })]]);
    expect(bulkAmounts.some((v) => typeof v === 'string')).to.equal(true);
    expect(bulkAmounts.some((v) => typeof v === 'string' && v.includes('.'))).to.equal(true);
  });

  it('nullValue: null in an optional field makes the request schema-invalid', () => {
    for (const v of fc.sample(nullValue(), 5)) {
      expect(contract.validateRequest('updatePointsRedemption', points({ billNumber: 'b', purpose: v }))).to.not.deep.equal([]);
      expect(contract.validateRequest('bulkRedeemCoupons', bulk({ transactionNumber: v }))).to.not.deep.equal([]);
      expect(contract.validateRequest('updateCouponRedemption', update({ billId: v }))).to.not.deep.equal([]);
    }
  });

  it('wrongType: a value of another type makes every field it replaces schema-invalid', () => {
    const fields: [Parameters<typeof contract.validateRequest>[0], 'string' | 'integer' | 'number' | 'object', (v: unknown) => unknown][] = [
      ['updatePointsRedemption', 'string', (v) => points({ billNumber: v })],
      ['updatePointsRedemption', 'string', (v) => points({ purpose: 'p', redemptionId: v })],
      ['updatePointsRedemption', 'integer', (v) => points({ billId: v })],
      ['updatePointsRedemption', 'object', (v) => points({ purpose: 'p', entity: v })],
      ['updateCouponRedemption', 'integer', (v) => update({ redemptionId: v })],
      ['updateCouponRedemption', 'number', (v) => update({ billAmount: v })],
      ['updateCouponRedemption', 'string', (v) => update({ transactionNumber: v })],
      ['issueCoupon', 'integer', (v) => ({ seriesId: v, customer: { id: 1 } })],
      ['issueCoupon', 'integer', (v) => ({ seriesId: 1, customer: { id: v } })],
      ['bulkRedeemCoupons', 'string', (v) => bulk({ transactionNumber: v })],
    ];
    for (const [op, type, build] of fields) {
      for (const v of fc.sample(wrongType(type), { seed: 15, numRuns: 50 })) {
        expect(contract.validateRequest(op, build(v)), `${op} ${type} <- ${JSON.stringify(v)}`).to.not.deep.equal([]);
      }
    }
  });
});
