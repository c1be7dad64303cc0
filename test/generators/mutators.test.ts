// The invalid-request mutators: each yields only requests that break its named rule
// (schema-invalid for a schema rule, schema-valid but naming nothing for a business rule,
// not JSON for a syntax rule), names situations the document has, is a pure function of
// the seed, and shrinks to the smallest request that breaks the rule.
import { expect } from 'chai';
import fc from 'fast-check';
import { getContract, type OperationId } from '../../src/contract/index.ts';
import { MUTATORS, type InvalidRequest, type Mutator } from '../../generators/mutators.ts';
import type { OperationConstraints } from '../../generators/requests.ts';
import { OPERATIONS, sample, worldFor } from './world.ts';

/** The smallest request fast-check shrinks a mutator to when every request "fails". */
function shrunk<K extends OperationId>(mutator: Mutator<K>, c: OperationConstraints[K]): InvalidRequest {
  const details = fc.check(fc.property(mutator.arbitrary(c), () => false), { seed: 1, numRuns: 1 });
  return details.counterexample![0] as InvalidRequest;
}

describe('generators/mutators: invalid requests, each breaking one documented rule', () => {
  const contract = getContract();
  const world = worldFor(contract);

  it('cover the rules of the issue: missing field, wrong type, no customer identifier, both/neither identifiers, empty and over-limit lists, wrong entity type, malformed JSON, unknown coupon, nothing to update', () => {
    const names = (op: OperationId) => MUTATORS[op].map((m) => m.name);
    expect(names('issueCoupon')).to.include.members(['missing-series-id', 'missing-customer', 'no-customer-identifier', 'wrong-type-series-id', 'wrong-type-customer', 'malformed-json']);
    expect(names('bulkRedeemCoupons')).to.include.members(['missing-list', 'empty-list', 'over-limit-list', 'no-customer-identifier', 'unknown-coupon-code', 'wrong-type-redemption-request-list', 'wrong-type-user', 'malformed-json']);
    expect(names('updateCouponRedemption')).to.include.members(['missing-redemptions', 'empty-redemptions', 'missing-redemption-id', 'wrong-type-redemptions-bill-amount', 'wrong-type-redemptions-transaction-number', 'wrong-type-redemptions-bill-id', 'wrong-type-redemptions-custom-fields', 'malformed-json']);
    expect(names('updatePointsRedemption')).to.include.members(['neither-identifier', 'both-identifiers', 'nothing-to-update', 'wrong-entity-type', 'wrong-type-bill-id', 'wrong-type-bill-number', 'wrong-type-purpose', 'wrong-type-entity', 'wrong-type-redemption-id', 'malformed-json']);
  });

  for (const operation of OPERATIONS) {
    for (const mutator of MUTATORS[operation] as Mutator[]) {
      const c = world[operation] as OperationConstraints[OperationId];
      describe(`${operation} ${mutator.name} (${mutator.kind}: ${mutator.situation})`, () => {
        it('names situations the document documents for the operation', () => {
          for (const key of [mutator.situation, ...mutator.also]) expect(() => contract.situation(operation, key)).not.to.throw();
          for (const request of sample(mutator.arbitrary(c), 30)) {
            expect(request.situations[0]).to.equal(mutator.situation);
            for (const key of request.situations) expect(contract.codes(operation, key)).to.be.an('array').that.is.not.empty;
          }
        });

        it('yields only requests that break its rule', () => {
          for (const request of sample(mutator.arbitrary(c))) {
            expect(mutator.breaks(request, c), JSON.stringify(request)).to.equal(true);
            expect(request.mutator).to.equal(mutator.name);
            if (mutator.kind === 'syntax') {
              expect(request.body).to.equal(undefined);
              expect(() => JSON.parse(request.rawBody!)).to.throw();
            } else if (mutator.kind === 'schema') {
              expect(contract.validateRequest(operation, request.body), JSON.stringify(request.body)).not.to.deep.equal([]);
            } else {
              // A business rule: the schema accepts it; what makes it invalid is what `breaks` checked.
              expect(contract.validateRequest(operation, request.body), JSON.stringify(request.body)).to.deep.equal([]);
            }
          }
        });

        it('yields the same requests for the same seed', () => {
          expect(JSON.stringify(sample(mutator.arbitrary(c), 30))).to.equal(JSON.stringify(sample(mutator.arbitrary(c), 30)));
        });
      });
    }
  }

  const find = <K extends OperationId>(op: K, name: string) => (MUTATORS[op] as Mutator<K>[]).find((m) => m.name === name)!;

  it('over-limit-list shrinks to exactly limit + 1 coupons', () => {
    for (const bulkMax of [50, 3]) {
      const c = worldFor(getContract({ bulkMax })).bulkRedeemCoupons;
      const request = shrunk(find('bulkRedeemCoupons', 'over-limit-list'), c);
      expect((request.body as { redemptionRequestList: unknown[] }).redemptionRequestList).to.have.length(bulkMax + 1);
    }
  });

  it('malformed-json shrinks to "{"', () => {
    for (const operation of OPERATIONS) {
      expect(shrunk(find(operation, 'malformed-json') as Mutator, world[operation] as never).rawBody).to.equal('{');
    }
  });

  it('both-identifiers shrinks to the two identifiers, one field to update and the entity (always sent: x-readings points-entity)', () => {
    const body = shrunk(find('updatePointsRedemption', 'both-identifiers'), world.updatePointsRedemption).body as Record<string, unknown>;
    expect(Object.keys(body)).to.include.members(['redemptionId', 'externalReferenceNumber', 'entity']);
    expect(Object.keys(body)).to.have.length(4);
  });

  it('wrong-type values are ones no lenient binder coerces: structures for scalars, scalars for structures, never ""', () => {
    // One wrong-type mutator per field, every field of every operation: each is tried on every run.
    for (const operation of OPERATIONS) {
      const wrongTypes = MUTATORS[operation].filter((m) => m.name.startsWith('wrong-type-')) as Mutator[];
      expect(wrongTypes.length, operation).to.be.greaterThan(1);
      for (const mutator of wrongTypes) for (const request of sample(mutator.arbitrary(world[operation] as never), 50)) {
        const value = request.path!.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], request.body);
        expect(value).not.to.equal('');
      }
    }
  });
});
