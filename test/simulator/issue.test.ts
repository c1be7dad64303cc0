// [coupon-issue] POST /v2/coupon/issue, as on post-v2-coupon-issue.txt.
import { expect } from 'chai';
import { type Client, envelope, start, stopAll } from './support.ts';

describe('[simulator] [coupon-issue] POST /v2/coupon/issue', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  const series = () => c.fixtures.seriesId;

  it('issues a coupon with the documented response shape', async () => {
    const cu = c.customer(0);
    const r = await c.issue({ seriesId: series(), customer: { id: cu.id, mobile: '', externalId: '', email: '' } });
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys(
      'code', 'seriesId', 'description', 'discountCode', 'validTill', 'discountType', 'discountValue',
      'discountUpto', 'discountOn', 'detailedInfo', 'customer', 'redemptionCount', 'id', 'warnings',
    );
    expect(r.body.code).to.be.a('string').and.match(/^[A-Z0-9]{6,}$/);
    expect(r.body.seriesId).to.equal(series());
    for (const k of ['description', 'discountCode', 'validTill', 'discountType', 'discountOn', 'detailedInfo']) expect(r.body[k], k).to.be.a('string');
    for (const k of ['discountValue', 'discountUpto']) expect(r.body[k], k).to.be.a('number');
    expect(r.body.redemptionCount).to.equal(0);
    expect(Number.isInteger(r.body.id)).to.equal(true);
    expect(r.body.warnings).to.deep.equal([]);
    expect(r.body.customer.id).to.equal(cu.id);
    const [profile] = r.body.customer.profiles;
    expect(profile).to.have.all.keys(
      'firstName', 'lastName', 'fields', 'allFields', 'identifiers', 'commChannels', 'userId', 'accountId', 'autoUpdateTime', 'identifiersAll',
    );
    expect(profile.userId).to.equal(cu.id);
    expect(profile.identifiers).to.deep.include({ type: 'mobile', value: cu.mobile });
    expect(profile.identifiers).to.deep.include({ type: 'externalId', value: cu.externalId });
    expect(profile.identifiersAll).to.deep.equal(profile.identifiers);
  });

  it('accepts any one customer identifier (id, mobile, externalId, email)', async () => {
    const cu = c.customer(1);
    for (const customer of [{ id: cu.id }, { mobile: cu.mobile }, { externalId: cu.externalId }, { email: cu.email }]) {
      const r = await c.issue({ seriesId: series(), customer });
      expect(r.status, JSON.stringify(customer)).to.equal(200);
      expect(r.body.customer.id).to.equal(cu.id);
    }
  });

  it('generates a new unique code and id for every coupon', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => c.issue({ seriesId: series(), customer: { id: c.customer(0).id } })));
    expect(new Set(replies.map((r) => r.body.code)).size).to.equal(20);
    expect(new Set(replies.map((r) => r.body.id)).size).to.equal(20);
  });

  it('refuses an unknown series with 400 and code 707', async () => {
    const r = await c.issue({ seriesId: 1, customer: { id: c.customer(0).id } });
    expect(r.status).to.equal(400);
    expect(r.body).to.deep.equal(envelope(707, 'Coupon Series ID is invalid'));
  });

  it('refuses a missing seriesId with code 746', async () => {
    for (const body of [{ customer: { id: c.customer(0).id } }, { seriesId: null, customer: { id: 1 } }, { seriesId: '', customer: { id: 1 } }]) {
      const r = await c.issue(body);
      expect(r.status).to.equal(400);
      expect(r.body).to.deep.equal(envelope(746, 'Please provide series id'));
    }
  });

  it('refuses an unknown, missing or identifier-less customer with code 701', async () => {
    const cu = c.customer(0);
    const other = c.customer(1);
    for (const customer of [
      undefined,
      {},
      { id: '', mobile: '', externalId: '', email: '' },
      { mobile: '910000000000' },
      { id: 1 },
      { id: cu.id, mobile: other.mobile }, // present identifiers must all match one customer
    ]) {
      const r = await c.issue({ seriesId: series(), customer });
      expect(r.status, JSON.stringify(customer)).to.equal(400);
      expect(r.body).to.deep.equal(envelope(701, 'The customer could not be found. Please check mobile, email, external id passed'));
    }
  });

  it('refuses wrongly typed fields with code 629 "Invalid Input"', async () => {
    const cu = c.customer(0);
    for (const body of [
      { seriesId: String(series()), customer: { id: cu.id } },
      { seriesId: 1.5, customer: { id: cu.id } },
      { seriesId: series(), customer: 'x' },
      { seriesId: series(), customer: { id: String(cu.id) } },
      { seriesId: series(), customer: { mobile: Number(cu.mobile) } },
      { seriesId: series(), customer: [cu.id] },
    ]) {
      const r = await c.issue(body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.body).to.deep.equal(envelope(629, 'Invalid Input'));
    }
  });
});
