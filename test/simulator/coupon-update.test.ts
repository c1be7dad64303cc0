// [coupon-update] PUT /v2/coupon/redeem, as on put-v2-coupon-redeem.txt.
import { expect } from 'chai';
import { type Client, start, stopAll } from './support.ts';

describe('[simulator] [coupon-update] PUT /v2/coupon/redeem', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  /** Redeems a fresh coupon of customer i and returns the redemption id as an integer. */
  async function redemptionOf(i: 0 | 1 = 0): Promise<number> {
    const r = await c.redeem([await c.issueCode(i)], i);
    return Number(r.body.response[0].result.redemptionId);
  }
  const user = (i: 0 | 1 = 0) => ({ mobile: c.customer(i).mobile });

  it('updates a redemption: 761 per entry and overall, with the documented shape', async () => {
    const id = await redemptionOf();
    const r = await c.updateCoupon({
      redemptions: [{ redemptionId: id, billAmount: 2000, transactionNumber: 'numbr9435064964', billId: 123, customFields: { cf_key_1: 'cf_value_1' } }],
      user: user(),
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys('entity', 'warnings', 'errors', 'success');
    expect(r.body.success).to.equal(true);
    expect(r.body.errors).to.deep.equal([]);
    const { entity } = r.body;
    expect(entity).to.have.all.keys('redemptions', 'user', 'status', 'totalCount', 'failedCount');
    expect(entity.status).to.deep.equal({ status: true, code: 761, message: 'Coupon redemption update successful' });
    expect(entity.totalCount).to.equal(1);
    expect(entity.failedCount).to.equal(0);
    expect(entity.redemptions[0]).to.deep.equal({
      redemptionId: id,
      billAmount: 2000,
      transactionNumber: 'numbr9435064964',
      billId: 123,
      customFields: { cf_key_1: 'cf_value_1' },
      redemptionStatus: { status: true, code: 761, message: 'Coupon redemption update successful' },
    });
    expect(entity.user.id).to.equal(c.customer(0).id);
    expect(entity.user.profiles[0].identifiers).to.deep.include({ type: 'mobile', value: c.customer(0).mobile });
  });

  it('really stores the update (a later update echoes the stored values)', async () => {
    const id = await redemptionOf();
    await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 10, transactionNumber: 'T-1', billId: 9, customFields: [{ a: '1' }, { b: '2' }] }], user: user() });
    const r = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 11, customFields: { c: '3' } }], user: user() });
    expect(r.body.entity.redemptions[0]).to.include({ billAmount: 11, transactionNumber: 'T-1', billId: 9 });
    expect(r.body.entity.redemptions[0].customFields).to.deep.equal({ a: '1', b: '2', c: '3' });
  });

  it('reports 762 overall when some entries fail (510 for those)', async () => {
    const id = await redemptionOf();
    const r = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 1 }, { redemptionId: 999, billAmount: 1 }], user: user() });
    expect(r.status).to.equal(200);
    expect(r.body.success).to.equal(true);
    expect(r.body.entity.status).to.deep.equal({ status: true, code: 762, message: 'Coupon redemption update partially successful' });
    expect(r.body.entity.totalCount).to.equal(2);
    expect(r.body.entity.failedCount).to.equal(1);
    expect(r.body.entity.redemptions[1].redemptionStatus).to.deep.equal({ status: false, code: 510, message: 'Invalid Redemption ids present' });
  });

  it("refuses ids that bulk redeem never returned or that belong to another customer: 400 when all fail", async () => {
    const theirs = await redemptionOf(1);
    const r = await c.updateCoupon({ redemptions: [{ redemptionId: theirs, billAmount: 1 }, { redemptionId: 1, billAmount: 1 }, { redemptionId: String(theirs), billAmount: 1 }], user: user(0) });
    expect(r.status).to.equal(400);
    expect(r.body.success).to.equal(false);
    expect(r.body.errors).to.deep.equal([{ status: false, code: 510, message: 'Invalid Redemption ids present' }]);
    expect(r.body.entity.status).to.deep.equal({ status: false, code: 510, message: 'Invalid Redemption ids present' });
    expect(r.body.entity.failedCount).to.equal(3);
    // the owner can update it
    expect((await c.updateCoupon({ redemptions: [{ redemptionId: theirs, billAmount: 1 }], user: user(1) })).status).to.equal(200);
  });

  it('refuses an empty or missing list, or an entry without redemptionId, with 661', async () => {
    for (const redemptions of [undefined, [], [{ billAmount: 1 }], [{ redemptionId: null, billAmount: 1 }], 'x']) {
      const r = await c.updateCoupon({ redemptions, user: user() });
      expect(r.status, JSON.stringify(redemptions)).to.equal(400);
      expect(r.body).to.deep.equal({ warnings: [], errors: [{ status: false, code: 661, message: 'No Redemption id passed' }], success: false });
    }
  });

  it('refuses an unknown or absent user with 701, and wrong types with 629', async () => {
    const id = await redemptionOf();
    for (const u of [undefined, {}, { mobile: '910000000000' }]) {
      const r = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 1 }], user: u });
      expect(r.status).to.equal(400);
      expect(r.body.errors[0].code).to.equal(701);
    }
    for (const entry of [{ redemptionId: id }, { redemptionId: id, billAmount: 'x' }, { redemptionId: id, billAmount: 1, billId: 'b' }, { redemptionId: id, billAmount: 1, customFields: 'cf' }]) {
      const r = await c.updateCoupon({ redemptions: [entry], user: user() });
      expect(r.status, JSON.stringify(entry)).to.equal(400);
      expect(r.body.errors[0]).to.deep.equal({ status: false, code: 629, message: 'Invalid Input' });
    }
  });
});
