// The generic JSON Schema -> arbitrary conversion: every request schema of the document
// yields only bodies the contract's validators accept, the same ones for the same seed,
// and anything outside the supported subset is refused loudly.
import { expect } from 'chai';
import fc from 'fast-check';
import { getContract } from '../../src/contract/index.ts';
import { requestBodyArbitrary, requestSchema, schemaArbitrary, typesAt, flatten, type SchemaObject } from '../../generators/schema.ts';
import { OPERATIONS, SEED, sample } from './world.ts';

describe('generators/schema: request bodies derived from the OpenAPI document', () => {
  const contract = getContract();

  for (const operation of OPERATIONS) {
    it(`yields only schema-valid ${operation} bodies`, () => {
      for (const body of sample(requestBodyArbitrary(contract, operation), 300)) {
        expect(contract.validateRequest(operation, body), JSON.stringify(body)).to.deep.equal([]);
      }
    });

    it(`yields the same ${operation} bodies for the same seed, others for another`, () => {
      const arbitrary = requestBodyArbitrary(contract, operation);
      expect(JSON.stringify(sample(arbitrary, 30))).to.equal(JSON.stringify(sample(arbitrary, 30)));
      expect(JSON.stringify(sample(arbitrary, 30))).not.to.equal(JSON.stringify(sample(arbitrary, 30, SEED + 1)));
    });
  }

  it('exercises the anyOf/oneOf branches: either identifier of a points redemption, string and number bill amounts', () => {
    const points = sample(requestBodyArbitrary(contract, 'updatePointsRedemption'), 200) as Record<string, unknown>[];
    expect(points.some((b) => 'redemptionId' in b)).to.equal(true);
    expect(points.some((b) => 'externalReferenceNumber' in b)).to.equal(true);
    const amounts = (sample(requestBodyArbitrary(contract, 'bulkRedeemCoupons'), 200) as Record<string, unknown>[]).map((b) => typeof b.billAmount);
    expect(amounts).to.include.members(['string', 'number']);
  });

  it('holds bulk redeem lists to the batch limit the contract holds the host to', () => {
    const small = getContract({ bulkMax: 2 });
    const lists = (sample(requestBodyArbitrary(small, 'bulkRedeemCoupons', { maxArrayLength: 10 }), 200) as { redemptionRequestList: unknown[] }[]).map(
      (b) => b.redemptionRequestList.length,
    );
    expect(Math.max(...lists)).to.equal(2);
    expect(Math.min(...lists)).to.equal(1);
  });

  it('replaces the schema-derived value at a path with an override, and keeps optional keys as told', () => {
    const bodies = sample(
      requestBodyArbitrary(contract, 'bulkRedeemCoupons', { overrides: { '/billAmount': fc.constant('7') }, require: ['/billAmount'], omit: ['/redemptionTime'] }),
      50,
    ) as Record<string, unknown>[];
    for (const body of bodies) {
      expect(body.billAmount).to.equal('7');
      expect(body).not.to.have.property('redemptionTime');
    }
  });

  it('reads the JSON types a body path allows, through $ref and anyOf', () => {
    const bulk = requestSchema(contract, 'bulkRedeemCoupons');
    expect(typesAt(bulk.schema, bulk.root, '/billAmount')).to.have.members(['string', 'number', 'integer']);
    expect(typesAt(bulk.schema, bulk.root, '/user')).to.deep.equal(['object']);
    const update = requestSchema(contract, 'updateCouponRedemption');
    expect(typesAt(update.schema, update.root, '/redemptions/0/customFields')).to.have.members(['object', 'array']);
  });

  it('refuses a keyword or format it does not support, rather than ignore it', () => {
    const root = {};
    expect(() => schemaArbitrary({ type: 'string', not: { const: 'x' } } as SchemaObject, { root })).to.throw(/unsupported JSON Schema keyword 'not'/);
    expect(() => schemaArbitrary({ type: 'string', format: 'email' }, { root })).to.throw(/unsupported format 'email'/);
    expect(() => schemaArbitrary({ description: 'anything' }, { root })).to.throw(/untyped schema/);
  });

  it('merges allOf and follows $ref siblings', () => {
    const root = { components: { schemas: { Base: { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 0 } } } } } };
    const schema: SchemaObject = { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { a: { maximum: 3 } } }] };
    expect(flatten(schema, root).properties!.a).to.deep.include({ type: 'integer', minimum: 0, maximum: 3 });
    for (const value of sample(schemaArbitrary(schema, { root }), 50) as { a: number }[]) expect(value.a).to.be.within(0, 3);
  });
});
