// The customer a request names, and the gate that lets one request per customer be in flight
// (src/client/customer-lock.ts; HTTP 521 "Multiple actions are running for the same customer").
import { expect } from 'chai';
import { RequestGate, customerKeyOf, sameCustomerTogether, withPriority } from '../../src/client/customer-lock.ts';

const fixtures = {
  customers: [
    { id: 101, mobile: '919000000001', email: 'a@example.com', externalId: 'ext-a' },
    { id: 102, mobile: '919000000002', email: 'b@example.com', externalId: 'ext-b' },
  ],
  pointsRedemptions: [{ redemptionId: 'r1', externalReferenceNumber: 'x1', customer: { mobile: '919000000002' } }],
};

describe('customer lock: one request in flight per customer', () => {
  it('maps any identifier of a fixtures customer to that customer, in every operation', () => {
    const key = (body: unknown) => customerKeyOf({ operation: 'issueCoupon', body }, fixtures);
    expect(key({ seriesId: 1, customer: { id: 101 } })).to.equal('customer:0');
    expect(key({ seriesId: 1, customer: { email: 'A@example.com' } })).to.equal('customer:0');
    expect(key({ user: { externalId: 'ext-b' } })).to.equal('customer:1');
    expect(key({ redemptions: [], user: { mobile: '919000000001' } })).to.equal('customer:0');
    expect(key({ entity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '919000000002' }, redemptionId: 'r1' })).to.equal('customer:1');
    expect(key({ externalReferenceNumber: 'x1', billNumber: 'b' })).to.equal('customer:1');
    expect(customerKeyOf({ operation: 'issueCoupon', rawBody: '{"customer":{"id":102}}' }, fixtures)).to.equal('customer:1');
  });

  it('keys an unknown customer by its identifiers, and takes no lock for a request that names none', () => {
    expect(customerKeyOf({ operation: 'issueCoupon', body: { customer: { mobile: 'zz-unknown' } } }, fixtures)).to.equal('named:zz-unknown');
    expect(customerKeyOf({ operation: 'issueCoupon', body: { customer: { mobile: '' } } }, fixtures)).to.equal(undefined);
    expect(customerKeyOf({ operation: 'issueCoupon', rawBody: '{not json' }, fixtures)).to.equal(undefined);
    expect(customerKeyOf({ operation: 'issueCoupon', body: [1, 2] }, fixtures)).to.equal(undefined);
  });

  it('lets a second request for one customer start only when the first has its answer; other customers go at once', async () => {
    const gate = new RequestGate(null);
    const order: string[] = [];
    const releaseA = await gate.acquire('customer:0');
    const b = gate.acquire('customer:0').then((release) => {
      order.push('b');
      return release;
    });
    const c = gate.acquire('customer:1').then((release) => {
      order.push('c');
      return release;
    });
    const d = gate.acquire(undefined).then((release) => {
      order.push('d');
      return release;
    });
    (await c)();
    (await d)();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).to.deep.equal(['c', 'd']);
    releaseA();
    (await b)();
    expect(order).to.deep.equal(['c', 'd', 'b']);
  });

  it('starts the highest ranked waiter first when a customer frees, then the scope that has started the most, then arrival order', async () => {
    const gate = new RequestGate(null);
    const order: string[] = [];
    const releaseFirst = await gate.acquire('customer:0');
    const wait = (name: string) => gate.acquire('customer:0').then((release) => {
      order.push(name);
      release();
    });
    const low = wait('low (arrived first)');
    const high = withPriority(5, () => wait('high'));
    // A scope of rank 0 that has started a request already goes before a new one of rank 0.
    const going = withPriority(0, async () => {
      (await gate.acquire('customer:1'))();
      await wait('rank 0, started one before');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseFirst();
    await Promise.all([low, high, going]);
    expect(order).to.deep.equal(['high', 'rank 0, started one before', 'low (arrived first)']);
  });

  it('lets the requests of one sameCustomerTogether scope overlap each other, never another holder', async () => {
    const gate = new RequestGate(null);
    let together = 0;
    const other = await gate.acquire('customer:0');
    const started: string[] = [];
    const scope = sameCustomerTogether(async () => {
      const releases = await Promise.all([1, 2, 3].map(async (i) => {
        const release = await gate.acquire('customer:0');
        started.push(`scope-${i}`);
        together++;
        return release;
      }));
      expect(together).to.equal(3);
      for (const r of releases) r();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started, 'held by another request').to.deep.equal([]);
    other();
    await scope;
    expect(started).to.have.length(3);
  });

  it('spaces starts by the rate limit, and lets a free customer take a slot a busy one cannot use', async () => {
    const gate = new RequestGate(1200); // one start every 50 ms
    const t0 = performance.now();
    const busy = await gate.acquire('customer:0');
    const startedAt: Record<string, number> = {};
    const waitBusy = gate.acquire('customer:0').then((r) => ((startedAt.busy = performance.now() - t0), r));
    const free = gate.acquire('customer:1').then((r) => ((startedAt.free = performance.now() - t0), r));
    (await free)();
    expect(startedAt.free).to.be.at.least(45);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(startedAt.busy).to.equal(undefined);
    busy();
    (await waitBusy)();
    expect(startedAt.busy).to.be.at.least(startedAt.free + 45);
  });
});
