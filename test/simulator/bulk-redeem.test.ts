// [bulk-redeem] POST /v2/coupon/bulk/redeem, as on post-v2-coupon-bulk-redeem.txt and FACTS.md.
import { expect } from 'chai';
import { type Client, entryCodes, start, stopAll } from './support.ts';

const NOT_FOUND = { status: false, code: 701, message: 'The customer could not be found. Please check mobile, email, external id passed' };

function expectInvalidInput(r: { status: number; body: any }, label = '') {
  expect(r.status, label).to.equal(400);
  expect(r.body.response, label).to.have.length(1);
  const [entry] = r.body.response;
  expect(entry.result.redemptionStatus).to.include({ code: 629, success: false, message: 'Invalid Input' });
  expect(entry.result.redemptionStatus.statusCode).to.deep.equal({ status: false, code: 629, message: 'Invalid Input' });
  expect(entry.errors).to.deep.equal([{ status: false, code: 629, message: 'Invalid Input' }]);
  expect(r.body.totalCount).to.equal(1);
  expect(r.body.failureCount).to.equal(1);
}

describe('[simulator] [bulk-redeem] POST /v2/coupon/bulk/redeem', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  it('redeems coupons with the response shape of the page example', async () => {
    const codes = [await c.issueCode(0), await c.issueCode(0)];
    const r = await c.redeem(codes);
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys('response', 'totalCount', 'failureCount');
    expect(r.body.totalCount).to.equal(2);
    expect(r.body.failureCount).to.equal(0);
    r.body.response.forEach((entry: any, i: number) => {
      expect(entry).to.have.all.keys('entityId', 'result', 'errors');
      expect(entry.errors).to.deep.equal([]);
      expect(entry.result).to.have.all.keys(
        'redemptionId', 'id', 'currencyInput', 'localToBaseCurrencyExchangeRate', 'warnings', 'appendedErrorMessage', 'code',
        'discountCode', 'seriesCode', 'isAbsolute', 'couponValue', 'redemptionStatus', 'discountType', 'discountValue', 'discountUpto',
      );
      expect(entry.result.redemptionId).to.be.a('string').and.match(/^\d+$/);
      expect(entry.entityId).to.equal(entry.result.id);
      expect(entry.result.code).to.equal(codes[i]);
      expect(entry.result.seriesCode).to.equal(c.fixtures.seriesId);
      expect(entry.result.redemptionStatus).to.deep.equal({
        statusCode: { status: true, code: 700, message: 'Coupon processing successful' },
        warnings: [],
        warningsAsStatusCode: [],
        code: 700,
        success: true,
        message: 'Coupon processing successful',
      });
    });
    expect(r.body.response[0].result.redemptionId).to.not.equal(r.body.response[1].result.redemptionId);
  });

  it('accepts any one user identifier and billAmount as a string or a number', async () => {
    const cu = c.customer(1);
    for (const [user, billAmount] of [[{ id: cu.id }, 100], [{ mobile: cu.mobile }, '100'], [{ email: cu.email }, 12.5], [{ externalId: cu.externalId }, '0']] as const) {
      const code = await c.issueCode(1);
      const r = await c.bulk({ redemptionRequestList: [{ code }], billAmount, user });
      expect(r.status, JSON.stringify(user)).to.equal(200);
    }
  });

  it('redeems nothing when one coupon is invalid: 702 for it, 749 for the others', async () => {
    const good = await c.issueCode(0);
    const r = await c.redeem([good, 'NO-SUCH-CODE']);
    expect(r.status).to.equal(400);
    expect(entryCodes(r)).to.deep.equal([749, 702]);
    expect(r.body.totalCount).to.equal(2);
    expect(r.body.failureCount).to.equal(2);
    const [other, bad] = r.body.response;
    expect(bad.result.redemptionStatus).to.include({ success: false, code: 702, message: 'Coupon code is invalid' });
    expect(bad.errors).to.deep.equal([{ status: false, code: 702, message: 'Coupon code is invalid' }]);
    expect(other.errors).to.deep.equal([
      { status: false, code: 749, message: 'Coupon Redeem/isRedeem failed because of failure on other coupons in the batch' },
    ]);
    expect(other.result.redemptionId).to.equal('-1');
    // nothing was redeemed: the good coupon still redeems
    expect((await c.redeem([good])).status).to.equal(200);
  });

  it('refuses a coupon of another customer with 703', async () => {
    const mine = await c.issueCode(0);
    const theirs = await c.issueCode(1);
    const r = await c.redeem([mine, theirs], 0);
    expect(r.status).to.equal(400);
    expect(entryCodes(r)).to.deep.equal([749, 703]);
    expect(r.body.response[1].result.redemptionStatus.message).to.equal('Coupon not issued to this customer');
    expect((await c.redeem([theirs], 1)).status).to.equal(200);
  });

  it('refuses a used coupon with 711', async () => {
    const code = await c.issueCode(0);
    expect((await c.redeem([code])).status).to.equal(200);
    const r = await c.redeem([code]);
    expect(r.status).to.equal(400);
    expect(entryCodes(r)).to.deep.equal([711]);
    expect(r.body.response[0].result.redemptionStatus.message).to.equal('Coupon is already used');
  });

  it('refuses the same coupon twice in one request with 716', async () => {
    const code = await c.issueCode(0);
    const other = await c.issueCode(0);
    const r = await c.redeem([code, other, code]);
    expect(r.status).to.equal(400);
    expect(entryCodes(r)).to.deep.equal([716, 749, 716]);
    expect(r.body.response[0].result.redemptionStatus.message).to.equal('Cannot redeem same Coupon multiple times');
    expect((await c.redeem([code, other])).status).to.equal(200);
  });

  it('accepts bulkMax coupons and refuses bulkMax + 1, an empty or a missing list with the 629 answer', async () => {
    const codes = await Promise.all(Array.from({ length: 51 }, () => c.issueCode(0)));
    expectInvalidInput(await c.redeem(codes), '51');
    expectInvalidInput(await c.redeem([]), 'empty');
    expectInvalidInput(await c.bulk({ billAmount: '1', user: { id: c.customer(0).id } }), 'missing');
    const r = await c.redeem(codes.slice(0, 50));
    expect(r.status).to.equal(200);
    expect(r.body.totalCount).to.equal(50);
  });

  it('holds the configured batch limit (bulkMax option)', async () => {
    const small = await start({ bulkMax: 3 });
    const codes = await Promise.all(Array.from({ length: 4 }, () => small.issueCode(0)));
    expectInvalidInput(await small.redeem(codes));
    expect((await small.redeem(codes.slice(0, 3))).status).to.equal(200);
  });

  it('refuses wrongly typed input with the 629 answer', async () => {
    const code = await c.issueCode(0);
    const user = { mobile: c.customer(0).mobile };
    for (const body of [
      { redemptionRequestList: [{ code: 5 }], billAmount: '1', user },
      { redemptionRequestList: ['X'], billAmount: '1', user },
      { redemptionRequestList: { code }, billAmount: '1', user },
      { redemptionRequestList: [{ code }], user },
      { redemptionRequestList: [{ code }], billAmount: 'lots', user },
      { redemptionRequestList: [{ code }], billAmount: -1, user },
      { redemptionRequestList: [{ code }], billAmount: '1', transactionNumber: 7, user },
      { redemptionRequestList: [{ code }], billAmount: '1', user: { id: String(c.customer(0).id) } },
    ]) {
      expectInvalidInput(await c.bulk(body), JSON.stringify(body));
    }
    expect((await c.redeem([code])).status).to.equal(200);
  });

  it('refuses an unknown or absent customer with 400 and the bare 701 object', async () => {
    const code = await c.issueCode(0);
    for (const user of [undefined, {}, { mobile: '' }, { mobile: '910000000000' }, { id: c.customer(0).id, email: c.customer(1).email }]) {
      const r = await c.bulk({ redemptionRequestList: [{ code }], billAmount: '1', user });
      expect(r.status, JSON.stringify(user)).to.equal(400);
      expect(r.body).to.deep.equal(NOT_FOUND);
    }
  });

  describe('dry run (is_redeemable=true)', () => {
    it('answers 700 "Coupon isRedeem successful" with redemptionId "-1" and redeems nothing', async () => {
      const code = await c.issueCode(0);
      const writesBefore = c.sim.stats().writes;
      for (const query of ['is_redeemable=true', 'isredeemable=true']) {
        const r = await c.redeem([code], 0, { query });
        expect(r.status, query).to.equal(200);
        const { result } = r.body.response[0];
        expect(result.redemptionId).to.equal('-1');
        expect(result.redemptionStatus).to.include({ code: 700, success: true, message: 'Coupon isRedeem successful' });
        expect(result.redemptionStatus.statusCode).to.deep.equal({ status: true, code: 700, message: 'Coupon isRedeem successful' });
      }
      expect(c.sim.stats().writes).to.equal(writesBefore);
      expect((await c.redeem([code])).status).to.equal(200);
    });

    it('makes the same checks as a redemption', async () => {
      const used = await c.issueCode(0);
      await c.redeem([used]);
      const fresh = await c.issueCode(0);
      const r = await c.dryRun([fresh, used, 'NO-SUCH']);
      expect(r.status).to.equal(400);
      expect(entryCodes(r)).to.deep.equal([749, 711, 702]);
      expect((await c.dryRun([])).status).to.equal(400);
    });

    it('is a real redemption for is_redeemable=false', async () => {
      const code = await c.issueCode(0);
      expect((await c.redeem([code], 0, { query: 'is_redeemable=false' })).body.response[0].result.redemptionId).to.not.equal('-1');
      expect(entryCodes(await c.redeem([code]))).to.deep.equal([711]);
    });
  });

  describe('concurrency', () => {
    it('redeems one coupon exactly once under 1000 concurrent requests; the rest get 711, none a 5xx', async function () {
      this.timeout(30000);
      const s = await start();
      const code = await s.issueCode(0);
      const replies = await Promise.all(Array.from({ length: 1000 }, () => s.redeem([code], 0, { timeoutMs: 20000 })));
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((st) => st >= 500)).to.deep.equal([]);
      const successes = replies.filter((r) => r.status === 200 && r.body.response[0].result.redemptionStatus.success === true);
      expect(successes).to.have.length(1);
      const refused = replies.filter((r) => r.status === 400 && entryCodes(r)[0] === 711);
      expect(refused).to.have.length(999);
      expect(s.sim.stats().byOperation['bulk-redeem']).to.equal(1000);
    });
  });
});
