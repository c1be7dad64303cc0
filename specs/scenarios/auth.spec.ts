// Authentication (FACTS.md): no credentials, or a wrong password, answer 401 on every operation.
import fc from 'fast-check';
import { group, rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import { send, expectStatus } from '../../src/runtime/exchange.ts';
import { operationInfo, type OperationId } from '../../src/contract/index.ts';
import { unknownCouponCode } from '../../generators/domain.ts';
import { couponUpdateRequest, issueCouponRequest, pointsUpdateRequest } from '../../generators/requests.ts';
import { redeemRequest } from '../support/flows.ts';

const SOURCE = 'FACTS.md (Authentication: Basic with MD5, or X-CAP-API-OAUTH-TOKEN; HTTP 401 "Authentication failed. Please check username and password.")';

/** A well-formed body per operation, drawn from its named arbitrary: only the credentials are wrong. */
const bodies: Record<OperationId, (ctx: RuleContext) => unknown> = {
  issueCoupon: (ctx) => ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: ctx.customers })),
  bulkRedeemCoupons: (ctx) => redeemRequest(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0]),
  updateCouponRedemption: (ctx) => ctx.draw(couponUpdateRequest({ contract: ctx.contract, customer: ctx.customers[0], redemptionIds: [1] })),
  updatePointsRedemption: (ctx) => ctx.draw(pointsUpdateRequest({ contract: ctx.contract, redemptions: ctx.pointsRecords, require: ['/entity'] })),
};

const wrongPassword = fc.stringMatching(/^wrong-[a-z0-9]{8}$/);

export default group(
  'authentication',
  (Object.keys(bodies) as OperationId[]).flatMap((operation) => {
    const { prefix } = operationInfo(operation);
    return [
      rule(
        { id: `${prefix}.auth-missing`, title: 'should answer 401 to a request without credentials', operation, kind: 'scenario', writes: true, source: SOURCE, covers: ['{prefix}.status.401'] },
        async (ctx) => {
          const received = await send(ctx, { operation, body: bodies[operation](ctx), auth: 'none' });
          expectStatus(ctx, received, (s) => s === 401, 'HTTP 401: authentication failed', 'accepted-invalid-request');
        },
      ),
      rule(
        { id: `${prefix}.auth-wrong-password`, title: 'should answer 401 to a wrong password', operation, kind: 'scenario', writes: true, source: SOURCE, covers: ['{prefix}.status.401'] },
        async (ctx) => {
          const username = ctx.client.options.auth.basic?.username ?? 'conformance.till';
          const received = await send(ctx, { operation, body: bodies[operation](ctx), auth: { basic: { username, password: ctx.draw(wrongPassword) } } });
          expectStatus(ctx, received, (s) => s === 401, 'HTTP 401: authentication failed', 'accepted-invalid-request');
        },
      ),
    ];
  }),
);
