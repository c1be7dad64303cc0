import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { RESPONSE_CHECKS, NOT_APPLICABLE, runResponseChecks, type CheckContext } from '../../src/checks/index.ts';
import { getContract, type OperationId } from '../../src/contract/index.ts';
import type { ApiResponse, Exchange } from '../../src/client/index.ts';
import type { Failure } from '../../src/results/types.ts';

const contract = getContract();
const issued = JSON.parse(readFileSync(new URL('../fixtures/vendor-pages/issue.response-200.json', import.meta.url), 'utf8'));

function ctx(operation: OperationId, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): CheckContext {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let jsonError: string | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    jsonError = 'the body is not valid JSON';
  }
  const response: ApiResponse = { status, headers: { 'content-type': contentType }, contentType, text, json, ...(jsonError ? { jsonError } : {}) };
  const exchange: Exchange & { response: ApiResponse } = { request: { operation }, method: 'POST', url: 'http://h/x', curl: 'curl -X POST http://h/x', durationMs: 1, attempts: 1, response };
  return { contract, op: contract.operation(operation), exchange, redact: (s) => s.replace(/SECRET/g, '***') };
}
const outcomes = (c: CheckContext) => Object.fromEntries(runResponseChecks(c).map((v) => [v.check.name, v.outcome === undefined ? 'pass' : v.outcome === NOT_APPLICABLE ? 'n/a' : 'fail']));

describe('checks: the response check table', () => {
  it('has the four named checks, each one function', () => {
    expect(RESPONSE_CHECKS.map((c) => c.name)).to.deep.equal(['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance']);
  });

  it('passes the vendor page example', () => {
    expect(outcomes(ctx('issueCoupon', 200, issued))).to.deep.equal({ not_a_server_error: 'pass', status_code_conformance: 'pass', content_type_conformance: 'pass', response_schema_conformance: 'pass' });
  });

  it('not_a_server_error: fails a 500, accepts the documented 521', () => {
    expect(outcomes(ctx('issueCoupon', 500, { errors: [] })).not_a_server_error).to.equal('fail');
    expect(outcomes(ctx('bulkRedeemCoupons', 521, {})).not_a_server_error).to.equal('pass');
  });

  it('status_code_conformance: fails an undocumented status, accepts any 4xx where none is documented', () => {
    const f = runResponseChecks(ctx('issueCoupon', 302, {}))[1].outcome as Failure;
    expect(f.received).to.equal('HTTP 302');
    expect(f.documented).to.equal('200, 401, 521, 4XX');
    expect(outcomes(ctx('updatePointsRedemption', 422, { errors: [{ status: false, code: 749, message: 'x' }] })).status_code_conformance).to.equal('pass');
  });

  it('content_type_conformance: fails text/plain and unparseable JSON; not applicable to a 401 (no body documented)', () => {
    expect(outcomes(ctx('issueCoupon', 200, issued, 'text/plain')).content_type_conformance).to.equal('fail');
    expect(outcomes(ctx('issueCoupon', 200, '{"code": "A", ', 'application/json')).content_type_conformance).to.equal('fail');
    expect(outcomes(ctx('issueCoupon', 401, '<html>no</html>', 'text/html')).content_type_conformance).to.equal('n/a');
    expect(outcomes(ctx('issueCoupon', 200, issued, 'application/problem+json')).content_type_conformance).to.equal('pass');
  });

  it('response_schema_conformance: names the field; extra fields and key order never fail', () => {
    const { seriesId, ...rest } = issued;
    const f = runResponseChecks(ctx('issueCoupon', 200, { ...rest, seriesId: String(seriesId) }))[3].outcome as Failure;
    expect(f.title).to.include('/seriesId must be integer');
    expect(f.operation).to.equal('POST /v2/coupon/issue');
    expect(f.curl).to.equal('curl -X POST http://h/x');
    const reordered = Object.fromEntries(Object.entries({ ...issued, vendorExtra: { any: 1 } }).reverse());
    expect(outcomes(ctx('issueCoupon', 200, reordered)).response_schema_conformance).to.equal('pass');
  });

  it('trims and redacts the response a failure quotes', () => {
    const f = runResponseChecks(ctx('issueCoupon', 500, { errors: [], note: `SECRET ${'x'.repeat(5000)}` }))[0].outcome as Failure;
    expect(f.response!.body).to.not.include('SECRET');
    expect(f.response!.body.length).to.be.lessThan(2100);
  });
});
