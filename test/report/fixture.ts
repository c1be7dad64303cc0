// A realistic run for the report tests: the four operations and general checks, passed,
// failed (a schema failure with a hostile body, a scenario with two failures, a property with
// seed, path and a shrunk counterexample) and skipped checks, and a credential (CANARY) in
// places where the runner should have redacted it already.
import type { CheckResult, Results } from '../../src/results/types.ts';

/** A credential that must never reach a report: it has characters HTML and XML would escape. */
export const CANARY = 'CANARY-pw-s3cr&t<x>"q"';
export const REDACTED = '[REDACTED]';
export const redact = (s: string): string => s.replaceAll(CANARY, REDACTED);

export const HOSTILE_BODY =
  '<html><body><script>alert(1)</script></pre><img src=x onerror=alert(2)>' +
  ' ]]> twice ]]> <!-- --> & &amp; | pipes | `backticks` ``` fence\n' +
  `{"status":{"success":false,"code":500,"message":"internal: token=${CANARY}"}}</body></html>`;

const ISSUE = 'POST /v2/coupon/issue';
const BULK = 'POST /v2/coupon/bulk/redeem';
const UPDATE = 'PUT /v2/coupon/redeem';
const POINTS = 'PUT /v2/points/updateRedemption';

const AUTH = `-H 'Authorization: Basic ${CANARY}'`;
const curl = (method: string, path: string, body: string) =>
  `curl -sS -X ${method.split(' ')[0]} 'http://127.0.0.1:40123${path}' ${AUTH} -H 'Content-Type: application/json' --data-raw '${body}'`;

const passed = (id: string, title: string, operation: string, kind: CheckResult['kind'], applied?: number): CheckResult => ({
  id,
  title,
  operation,
  kind,
  status: 'passed',
  applied,
  durationMs: 40 + id.length * 7,
  source: 'api-docs/coupons.md',
});

export function fixtureResults(): Results {
  const checks: CheckResult[] = [
    passed('coupon-issue.response_schema_conformance', 'every response matches the documented schema for its status', ISSUE, 'response', 41),
    passed('coupon-issue.status_code_conformance', 'every status is one the operation documents', ISSUE, 'response', 41),
    {
      id: 'coupon-issue.valid-requests-accepted',
      title: 'should accept every schema-valid issue request',
      operation: ISSUE,
      kind: 'property',
      status: 'failed',
      applied: 17,
      durationMs: 2380,
      source: 'api-docs/issue-coupon.md',
      failure: {
        title: 'a schema-valid request was rejected with 400',
        operation: ISSUE,
        received: 'HTTP 400 with code 8015 (invalid mobile)',
        documented: 'HTTP 200 with the issued coupon for a valid request',
        curl: curl('POST', '/v2/coupon/issue', '{"seriesId":544770,"customer":{"mobile":"910000000000"}}'),
        response: { status: 400, contentType: 'application/json', body: '{"status":{"success":false,"code":8015,"message":"Invalid mobile"}}' },
        seed: 1234567,
        path: '16:2:0:0',
        counterexample: '{\n  "seriesId": 544770,\n  "customer": { "mobile": "910000000000" }\n}',
      },
    },
    passed('coupon-issue.error-702-series-not-found', 'should answer 702 for an unknown series', ISSUE, 'scenario'),
    passed('coupon-issue.error-8015-invalid-mobile', 'should answer 8015 for an invalid mobile', ISSUE, 'scenario'),
    {
      id: 'bulk-redeem.response_schema_conformance',
      title: 'every response matches the documented schema for its status',
      operation: BULK,
      kind: 'response',
      status: 'failed',
      applied: 63,
      durationMs: 12,
      failure: {
        title: 'a 500 response does not match the error envelope',
        operation: BULK,
        received: 'HTTP 500 text/html <script>alert(1)</script>',
        documented: 'responses of the operation are application/json with the status envelope',
        curl: curl('POST', '/v2/coupon/bulk/redeem', '{"redemptionRequestList":[{"code":"</pre><script>alert(3)</script>"}]}'),
        response: { status: 500, contentType: 'text/html', body: HOSTILE_BODY },
        details: ['/status is required but missing', `(body) must be object; credential seen: ${CANARY}`],
      },
    },
    {
      id: 'bulk-redeem.atomic-failure',
      title: 'should redeem nothing when one coupon is invalid',
      operation: BULK,
      kind: 'scenario',
      status: 'failed',
      durationMs: 920,
      source: 'api-docs/bulk-redeem.md (Redeem Coupons in Bulk, "all or none")',
      failures: [
        {
          title: 'the valid coupons of a batch with one unknown code were redeemed',
          operation: BULK,
          received: '2 of 3 coupons redeemed (HTTP 200), then redeeming ABC123 again answered 713 (already redeemed)',
          documented: 'the whole batch is rejected and no coupon is redeemed when one code is invalid',
          curl: curl('POST', '/v2/coupon/bulk/redeem', '{"redemptionRequestList":[{"code":"ABC123"},{"code":"NOPE"}]}'),
          response: { status: 200, contentType: 'application/json', body: '{"status":{"success":true,"code":200}}' },
        },
        {
          title: 'the follow-up redeem of a coupon of the rejected batch failed',
          operation: BULK,
          received: 'HTTP 400 code 713',
          documented: 'a coupon of a rejected batch stays redeemable',
        },
      ],
    },
    passed('bulk-redeem.batch-limit-50', 'should accept a batch of exactly the documented limit', BULK, 'scenario'),
    passed('bulk-redeem.batch-limit-51', 'should reject a batch over the documented limit', BULK, 'scenario'),
    passed('bulk-redeem.dry-run', 'should redeem nothing when is_redeemable is set', BULK, 'scenario'),
    {
      id: 'bulk-redeem.double-redemption',
      title: 'should refuse to redeem a coupon twice',
      operation: BULK,
      kind: 'scenario',
      status: 'skipped',
      skipReason: 'writes against a remote host need --allow-writes',
    },
    {
      id: 'bulk-redeem.concurrent-redemption',
      title: 'should redeem a coupon once under concurrent requests',
      operation: BULK,
      kind: 'scenario',
      status: 'skipped',
      skipReason: 'writes against a remote host need --allow-writes <b>not bold</b>',
    },
    passed('coupon-update.response_schema_conformance', 'every response matches the documented schema for its status', UPDATE, 'response', 12),
    passed('coupon-update.error-1206-not-redeemed', 'should answer 1206 when the coupon was never redeemed', UPDATE, 'scenario'),
    passed('points-update.response_schema_conformance', 'every response matches the documented schema for its status', POINTS, 'response', 9),
    {
      id: 'points-update.error-749-both-identifiers',
      title: 'should answer 749 when both | identifiers are given',
      operation: POINTS,
      kind: 'scenario',
      status: 'failed',
      durationMs: 130,
      failure: {
        title: 'both identifiers were accepted',
        operation: POINTS,
        received: 'HTTP 200 | code 200',
        documented: 'HTTP 400 with code 749 (*only one* of redemptionId, externalReferenceNumber)',
        curl: curl('PUT', '/v2/points/updateRedemption', '{"redemptionId":"8878ru","externalReferenceNumber":"ACR-1"}'),
        response: { status: 200, contentType: 'application/json', body: '' },
      },
    },
    passed('points-update.error-750-neither-identifier', 'should answer 750 when no identifier is given', POINTS, 'scenario'),
    passed('general.auth-required', 'should answer 401 without credentials', '*', 'scenario'),
    {
      id: 'general.rate-limit-respected',
      title: 'should not be sent more than --max-rpm requests a minute',
      operation: '*',
      kind: 'scenario',
      status: 'skipped',
      skipReason: 'loopback host: no rate limit',
    },
  ];
  const summary = { passed: 0, failed: 0, skipped: 0, total: checks.length };
  for (const c of checks) summary[c.status] += 1;
  return {
    run: {
      tool: 'loyalty-conformance',
      version: '0.1.0',
      host: 'embedded reference host (http://127.0.0.1:40123)',
      embedded: true,
      started: '2025-06-02T09:14:03.512Z',
      durationMs: 48_250,
      seed: 1234567,
      runs: 100,
      bulkMax: 50,
      allowWrites: false,
      requests: 1874,
      exitCode: 1,
    },
    summary,
    checks,
  };
}
