// [points-update] PUT /v2/points/updateRedemption, as on put-v2-points-updateRedemption.txt.
import { expect } from 'chai';
import { type Client, envelope, start, stopAll } from './support.ts';

describe('[simulator] [points-update] PUT /v2/points/updateRedemption', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  const points = (i: number) => c.fixtures.pointsRedemptions[i]!;
  const expectCode = (r: { status: number; body: any }, code: number, message: string) => {
    expect(r.status).to.equal(400);
    expect(r.body).to.deep.equal(envelope(code, message));
  };

  it('updates by redemptionId and answers the full record', async () => {
    const p = points(0);
    const r = await c.updatePoints({
      redemptionId: p.redemptionId,
      billNumber: 'number7939623972',
      billId: 12345,
      purpose: 'Testing',
      entity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: p.customer.mobile },
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys(
      'id', 'programId', 'pointsRedeemed', 'billId', 'billNumber', 'validationCode', 'notes', 'redemptionTime', 'pointsRedemptionTime',
      'tillId', 'tillName', 'pointDeductionList', 'externalReferenceNumber', 'redemptionId', 'customerId', 'redemptionPurpose', 'redemptionDate', 'warnings',
    );
    expect(r.body).to.include({ redemptionId: p.redemptionId, externalReferenceNumber: p.externalReferenceNumber, billId: 12345, billNumber: 'number7939623972', redemptionPurpose: 'Testing' });
    expect(r.body.redemptionTime).to.be.a('number');
    expect(r.body.redemptionDate).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.body.warnings).to.deep.equal([]);
  });

  it('updates by externalReferenceNumber, repeatedly, and stores each change', async () => {
    const p = points(1);
    expect((await c.updatePoints({ externalReferenceNumber: p.externalReferenceNumber, billNumber: 'B-1' })).status).to.equal(200);
    const r = await c.updatePoints({ externalReferenceNumber: p.externalReferenceNumber, purpose: 'second' });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ billNumber: 'B-1', redemptionPurpose: 'second', redemptionId: p.redemptionId });
  });

  it('refuses neither or both identifiers with 749', async () => {
    const p = points(0);
    const message = 'Exactly one redemption identifier needed to identify redemption.';
    expectCode(await c.updatePoints({ purpose: 'x' }), 749, message);
    expectCode(await c.updatePoints({ redemptionId: '', externalReferenceNumber: '', purpose: 'x' }), 749, message);
    expectCode(await c.updatePoints({ redemptionId: p.redemptionId, externalReferenceNumber: p.externalReferenceNumber, purpose: 'x' }), 749, message);
  });

  it('accepts a 19-digit billId', async () => {
    const r = await c.updatePoints({ redemptionId: points(2).redemptionId, billId: 9_000_000_000_000_000_000 });
    expect(r.status).to.equal(200);
    expect(r.body.billId).to.equal(9e18);
  });

  it('refuses a request with nothing to update with 748', async () => {
    expectCode(await c.updatePoints({ redemptionId: points(0).redemptionId }), 748, 'No metadata update requested.');
    expectCode(await c.updatePoints({ redemptionId: points(0).redemptionId, purpose: '', billNumber: null }), 748, 'No metadata update requested.');
  });

  it('refuses an unknown redemption with 750, its {0} filled', async () => {
    expectCode(await c.updatePoints({ redemptionId: 'nope', purpose: 'x' }), 750, 'Redemption update failed : Redemption not found.');
    expectCode(await c.updatePoints({ externalReferenceNumber: 'ACR-0', purpose: 'x' }), 750, 'Redemption update failed : Redemption not found.');
  });

  it('refuses an entity whose type is not CUSTOMER with 1212', async () => {
    const p = points(0);
    expectCode(await c.updatePoints({ redemptionId: p.redemptionId, purpose: 'x', entity: { type: 'TILL', identifierType: 'mobile', identifierValue: p.customer.mobile } }), 1212, 'Entity type passed is not valid.');
  });

  it("refuses missing, invalid or another customer's entity details with 1219", async () => {
    const p = points(0);
    const other = c.fixtures.customers.find((cu) => cu.mobile !== p.customer.mobile)!;
    for (const entity of [
      { type: 'CUSTOMER' },
      { type: 'CUSTOMER', identifierType: 'shoeSize', identifierValue: '42' },
      { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '' },
      { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: other.mobile },
    ]) {
      expectCode(await c.updatePoints({ redemptionId: p.redemptionId, purpose: 'x', entity }), 1219, 'Entity details not set/invalid.');
    }
    const owner = c.fixtures.customers.find((cu) => cu.mobile === p.customer.mobile)!;
    for (const [identifierType, identifierValue] of [['email', owner.email], ['externalId', owner.externalId], ['id', String(owner.id)]]) {
      const r = await c.updatePoints({ redemptionId: p.redemptionId, purpose: 'x', entity: { type: 'CUSTOMER', identifierType, identifierValue } });
      expect(r.status, identifierType).to.equal(200);
    }
  });

  it('refuses malformed identifier and field types with 8015', async () => {
    const p = points(0);
    for (const body of [
      { redemptionId: 8878, purpose: 'x' },
      { externalReferenceNumber: ['ACR'], purpose: 'x' },
      { redemptionId: p.redemptionId, billId: 'abc' },
      { redemptionId: p.redemptionId, billId: '12345' },
      { redemptionId: p.redemptionId, billId: 1e19 },
      { redemptionId: p.redemptionId, billId: -1 },
      { redemptionId: p.redemptionId, billNumber: 5 },
      { redemptionId: p.redemptionId, purpose: 'x', entity: 'CUSTOMER' },
    ]) {
      expectCode(await c.updatePoints(body), 8015, 'Invalid or malformed identifier provided in request body.');
    }
  });
});
