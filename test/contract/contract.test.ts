// The OpenAPI document and the contract compiled from it.
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { getContract, Contract, type OperationId, type SchemaError } from '../../src/contract/index.ts';

const contract = getContract();
const doc = contract.document as unknown as {
  paths: Record<string, Record<string, {
    operationId: OperationId;
    parameters?: { name: string; examples?: Record<string, { value: unknown }> }[];
    requestBody: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
    responses: Record<string, { $ref?: string; content?: Record<string, { examples?: Record<string, { value: unknown }> }> }>;
  }>>;
};
const vendor = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/vendor-pages/${name}`, import.meta.url), 'utf8'));
const paths = (errors: SchemaError[]) => errors.map((e) => `${e.keyword} ${e.message}`);

describe('contract: the OpenAPI document', () => {
  it('declares the four endpoints with their check prefixes', () => {
    expect(contract.operations.map((o) => `${o.method.toUpperCase()} ${o.path} ${o.prefix}`)).to.have.members([
      'POST /v2/coupon/issue coupon-issue',
      'POST /v2/coupon/bulk/redeem bulk-redeem',
      'PUT /v2/coupon/redeem coupon-update',
      'PUT /v2/points/updateRedemption points-update',
    ]);
  });

  describe('every example in the document validates against its own schema', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [name, ex] of Object.entries(op.requestBody.content['application/json'].examples ?? {})) {
          it(`${op.operationId} request example '${name}'`, () => {
            expect(paths(contract.validateRequest(op.operationId, ex.value))).to.deep.equal([]);
          });
        }
        for (const [key, response] of Object.entries(op.responses)) {
          for (const [name, ex] of Object.entries(response.content?.['application/json']?.examples ?? {})) {
            it(`${op.operationId} ${key} response example '${name}' (${path})`, () => {
              const verdict = contract.validateResponse(op.operationId, Number(key), ex.value);
              expect(verdict.responseKey).to.equal(key);
              expect(paths(verdict.errors)).to.deep.equal([]);
            });
          }
        }
      }
    }
  });

  describe("the vendor pages' own examples validate (real vendor output)", () => {
    const cases: [string, OperationId, number][] = [
      ['issue.response-200.json', 'issueCoupon', 200],
      ['bulk-redeem.response-200.json', 'bulkRedeemCoupons', 200],
      ['bulk-redeem.response-200-dry-run.json', 'bulkRedeemCoupons', 200],
      ['bulk-redeem.response-400-unknown-customer.facts.json', 'bulkRedeemCoupons', 400],
      ['bulk-redeem.response-400-too-many.facts.json', 'bulkRedeemCoupons', 400],
      ['error-envelope.facts.json', 'updatePointsRedemption', 400],
      ['coupon-update.response-200.json', 'updateCouponRedemption', 200],
      ['points-update.response-200.json', 'updatePointsRedemption', 200],
    ];
    for (const [file, op, status] of cases) {
      it(`${file} is a valid ${op} ${status} response`, () => {
        expect(paths(contract.validateResponse(op, status, vendor(file)).errors)).to.deep.equal([]);
      });
    }
    const requests: [string, OperationId][] = [
      ['issue.request.json', 'issueCoupon'],
      ['bulk-redeem.request.json', 'bulkRedeemCoupons'],
      ['bulk-redeem-older.request.json', 'bulkRedeemCoupons'],
      ['coupon-update.request.repaired.json', 'updateCouponRedemption'],
      ['points-update.request.json', 'updatePointsRedemption'],
    ];
    for (const [file, op] of requests) {
      it(`${file} is a valid ${op} request`, () => {
        expect(paths(contract.validateRequest(op, vendor(file)))).to.deep.equal([]);
      });
    }
    it('every fixture file is covered by a case above', () => {
      const covered = new Set([...cases.map((c) => c[0]), ...requests.map((r) => r[0])]);
      const files = readdirSync(new URL('../fixtures/vendor-pages/', import.meta.url)).filter((f) => f.endsWith('.json'));
      expect(files.filter((f) => !covered.has(f))).to.deep.equal([]);
    });
  });

  describe('invalid variants are rejected, naming the field', () => {
    const issued = vendor('issue.response-200.json') as Record<string, unknown>;
    it('issue response without `code` fails `required` at /code', () => {
      const { code: _c, ...rest } = issued;
      const [e] = contract.validateResponse('issueCoupon', 200, rest).errors;
      expect(e).to.include({ keyword: 'required', instancePath: '' });
      expect(e.message).to.equal('/code is required but missing');
    });
    it('issue response with a string seriesId fails `type` at /seriesId', () => {
      const errors = contract.validateResponse('issueCoupon', 200, { ...issued, seriesId: '544770' }).errors;
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.equal([['type', '/seriesId']]);
    });
    it('issue request without any customer identifier fails anyOf at /customer', () => {
      const errors = contract.validateRequest('issueCoupon', { seriesId: 1, customer: { id: undefined, mobile: '', email: '' } });
      expect(errors.map((e) => e.instancePath)).to.include('/customer');
      expect(errors.map((e) => e.keyword)).to.include('anyOf');
    });
    it('issue request without seriesId fails `required`', () => {
      const errors = contract.validateRequest('issueCoupon', { customer: { id: 1 } });
      expect(errors.map((e) => e.message)).to.deep.equal(['/seriesId is required but missing']);
    });
    it('bulk redeem request without a user identifier fails anyOf at /user', () => {
      const errors = contract.validateRequest('bulkRedeemCoupons', { redemptionRequestList: [{ code: 'A' }], billAmount: '1', user: {} });
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.include(['anyOf', '/user']);
    });
    it('bulk redeem request over the batch limit fails maxItems, at the profile limit', () => {
      const list = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `C${i}` }));
      const body = (n: number) => ({ redemptionRequestList: list(n), billAmount: '1', user: { id: 1 } });
      expect(contract.bulkMax).to.equal(50);
      expect(contract.validateRequest('bulkRedeemCoupons', body(50))).to.deep.equal([]);
      expect(contract.validateRequest('bulkRedeemCoupons', body(51)).map((e) => [e.keyword, e.instancePath])).to.deep.equal([
        ['maxItems', '/redemptionRequestList'],
      ]);
      const older = new Contract({ bulkMax: 100 });
      expect(older.validateRequest('bulkRedeemCoupons', body(100))).to.deep.equal([]);
      expect(older.validateRequest('bulkRedeemCoupons', body(101))).to.have.length(1);
    });
    it('bulk redeem request with an empty list fails minItems', () => {
      const errors = contract.validateRequest('bulkRedeemCoupons', { redemptionRequestList: [], billAmount: 1, user: { id: 1 } });
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.equal([['minItems', '/redemptionRequestList']]);
    });
    it('points request with both identifiers fails oneOf', () => {
      const body = { ...(vendor('points-update.request.json') as object), externalReferenceNumber: 'ACR-1' };
      const errors = contract.validateRequest('updatePointsRedemption', body);
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.equal([['oneOf', '']]);
      expect(errors[0].params).to.deep.equal({ passingSchemas: [0, 1] });
    });
    it('points request with neither identifier fails oneOf', () => {
      const { redemptionId: _r, ...rest } = vendor('points-update.request.json') as Record<string, unknown>;
      const errors = contract.validateRequest('updatePointsRedemption', rest);
      expect(errors.map((e) => e.keyword)).to.include('oneOf');
    });
    it('points request with nothing to update fails anyOf (code 748)', () => {
      const errors = contract.validateRequest('updatePointsRedemption', { redemptionId: 'x' });
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.include(['anyOf', '']);
    });
    it('points response with a string billId fails `type` at /billId', () => {
      const body = { ...(vendor('points-update.response-200.json') as object), billId: 'x', pointsRedeemed: undefined };
      const errors = contract.validateResponse('updatePointsRedemption', 200, body).errors;
      expect(errors.map((e) => e.instancePath)).to.include('/billId');
    });
    it('bulk redeem response whose status code is a string fails at that path', () => {
      const body = structuredClone(vendor('bulk-redeem.response-200.json')) as { response: { result: { redemptionStatus: { code: unknown } } }[] };
      body.response[1].result.redemptionStatus.code = '700';
      const errors = contract.validateResponse('bulkRedeemCoupons', 200, body).errors;
      expect(errors.map((e) => [e.keyword, e.instancePath])).to.deep.equal([['type', '/response/1/result/redemptionStatus/code']]);
    });
    it('coupon update response without entity.status fails `required`', () => {
      const body = structuredClone(vendor('coupon-update.response-200.json')) as { entity: Record<string, unknown> };
      delete body.entity.status;
      const errors = contract.validateResponse('updateCouponRedemption', 200, body).errors;
      expect(errors.map((e) => e.message)).to.deep.equal(['/entity/status is required but missing']);
    });
  });

  describe('statuses and codes are read from the document', () => {
    it('maps a status to its response key: exact, then range, else undocumented', () => {
      expect(contract.responseKeyFor('bulkRedeemCoupons', 400)).to.equal('400');
      expect(contract.responseKeyFor('bulkRedeemCoupons', 409)).to.equal('4XX');
      expect(contract.responseKeyFor('updatePointsRedemption', 422)).to.equal('4XX');
      expect(contract.responseKeyFor('issueCoupon', 500)).to.equal(null);
      expect(contract.responseKeyFor('issueCoupon', 302)).to.equal(null);
    });
    it('every situation names only codes the operation documents', () => {
      for (const op of contract.operations) {
        for (const s of Object.values(op.situations)) {
          for (const code of s.codes) expect(contract.isDocumentedCode(op.id, code), `${op.id} ${s.key} ${code}`).to.equal(true);
        }
      }
    });
    it('the points codes are the page\'s table', () => {
      expect(contract.operation('updatePointsRedemption').statusCodes.map((c) => c.code)).to.include.members([748, 749, 750, 1212, 1219]);
      expect(contract.codes('updatePointsRedemption', 'both-identifiers')).to.deep.equal([749]);
    });
    it('the profile records both batch limits and both rate limits', () => {
      expect(contract.profile.bulkRedeemMax.value).to.equal(50);
      expect(contract.profile.bulkRedeemMax.alternatives.map((a) => a.value)).to.deep.equal([100]);
      expect(contract.profile.rateLimitPerMinute.alternatives.map((a) => a.value)).to.deep.equal([100]);
    });
    it('every known page defect of FACTS.md is resolved in the document', () => {
      const ids = (contract.document['x-page-defects']).map((d) => d.id);
      expect(ids).to.include.members([
        'coupon-redeem-request-example-invalid-json',
        'bill-amount-string-or-number',
        'redemption-id-type',
        'custom-fields-array-or-object',
      ]);
    });
    it('the points operation accepts Basic only, as its page says', () => {
      expect(contract.operation('updatePointsRedemption').security).to.deep.equal(['basicAuth']);
      expect(contract.operation('issueCoupon').security).to.deep.equal(['basicAuth', 'oauthToken']);
    });
    it('compiles once per batch limit', () => {
      expect(getContract()).to.equal(contract);
      expect(getContract({ bulkMax: 100 })).to.not.equal(contract);
    });
  });
});
