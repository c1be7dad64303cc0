// POST /v2/coupon/issue: well-formed requests from the fixtures; every answer through the
// response checks (status, content type, schema).
import { group, rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { send, expectConforming, expectStatus } from '../../src/runtime/exchange.ts';
import { unknownCustomerReference } from '../../generators/domain.ts';
import { issueCouponRequest } from '../../generators/requests.ts';
import { issueCoupon } from '../support/flows.ts';

const source = 'post-v2-coupon-issue.txt';

const issueBody = (ctx: RuleContext) =>
  ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: [ctx.customers[0]], kinds: ['id'] }));

export default group('POST /v2/coupon/issue: documented answers', [
  rule(
    { id: 'coupon-issue.schema.issued-coupon', title: 'should answer a well-formed issue request with 2xx and the documented coupon', operation: 'issueCoupon', kind: 'schema', source, writes: true, covers: ['{prefix}.situation.issued', '{prefix}.status.200', 'page-defect.issue-profile-types'] },
    async (ctx) => {
      const { received } = await issueCoupon(ctx, ctx.customers[0]);
      expectConforming(received);
    },
  ),
  rule(
    { id: 'coupon-issue.schema.refusal', title: 'should refuse an unknown customer with a 4xx in a documented envelope', operation: 'issueCoupon', kind: 'schema', source, writes: true, covers: ['{prefix}.status.4XX'] },
    async (ctx) => {
      const customer = ctx.draw(unknownCustomerReference({ customers: ctx.customers }));
      const received = await send(ctx, { operation: 'issueCoupon', body: { ...issueBody(ctx), customer } });
      expectRefusal(ctx, received, 'unknown-customer');
      expectConforming(received);
    },
  ),
  rule(
    { id: 'coupon-issue.schema.unauthenticated', title: 'should answer a request without credentials with 401', operation: 'issueCoupon', kind: 'schema', source: 'FACTS.md (Authentication)', writes: true, covers: ['{prefix}.status.401'] },
    async (ctx) => {
      const received = await send(ctx, { operation: 'issueCoupon', body: issueBody(ctx), auth: 'none' });
      expectStatus(ctx, received, (s) => s === 401, 'HTTP 401 "Authentication failed. Please check username and password."', 'accepted-invalid-request');
      expectConforming(received);
    },
  ),
]);
