// The routing table: one line per vendor page, method + path -> handler.
import { couponMessage, pointsMessage } from './codes.ts';
import type { Handler } from './context.ts';
import type { Operation } from './faults.ts';
import { type Answer, failure } from './http.ts';
import { bulkRedeem, isDryRun } from './handlers/bulk-redeem.ts';
import { updateCouponRedemption } from './handlers/coupon-redeem-update.ts';
import { issueCoupon } from './handlers/issue-coupon.ts';
import { OAUTH_TOKEN_PATH } from './handlers/oauth-token.ts';
import { updatePointsRedemption } from './handlers/points-update-redemption.ts';

export interface Route {
  method: 'POST' | 'PUT';
  path: string;
  operation: Exclude<Operation, 'unknown'>;
  /** The vendor page in api-docs/. */
  page: string;
  handler: Handler;
  /** The answer to a body that is not a JSON object (this page family's "invalid input"). */
  malformed(): Answer;
  /** Whether the request creates or consumes something (issue, a real redeem); counted in stats().writes. */
  writes(query: URLSearchParams): boolean;
}

const couponInvalidInput = () => failure(400, 629, couponMessage(629), 'malformed-body');
const pointsMalformed = () => failure(400, 8015, pointsMessage(8015), 'malformed-body');

export const ROUTES: readonly Route[] = [
  {
    method: 'POST', path: '/v2/coupon/issue', operation: 'coupon-issue', page: 'post-v2-coupon-issue.txt',
    handler: issueCoupon, malformed: couponInvalidInput, writes: () => true,
  },
  {
    method: 'POST', path: '/v2/coupon/bulk/redeem', operation: 'bulk-redeem', page: 'post-v2-coupon-bulk-redeem.txt',
    handler: bulkRedeem, malformed: couponInvalidInput, writes: (query) => !isDryRun(query),
  },
  {
    method: 'PUT', path: '/v2/coupon/redeem', operation: 'coupon-update', page: 'put-v2-coupon-redeem.txt',
    handler: updateCouponRedemption, malformed: couponInvalidInput, writes: () => false,
  },
  {
    method: 'PUT', path: '/v2/points/updateRedemption', operation: 'points-update', page: 'put-v2-points-updateRedemption.txt',
    handler: updatePointsRedemption, malformed: pointsMalformed, writes: () => false,
  },
];

/** The token endpoint (FACTS.md, "Authentication"): no credentials needed, no fault applies; served by TokenIssuer. */
export const OAUTH_ROUTE = { method: 'POST', path: OAUTH_TOKEN_PATH, page: 'FACTS.md (Authentication: OAuth)' } as const;

export type RouteMatch =
  | { kind: 'route'; route: Route }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'no-path' };

export function matchRoute(method: string, path: string): RouteMatch {
  const onPath = ROUTES.filter((r) => r.path === path);
  if (onPath.length === 0) return { kind: 'no-path' };
  const route = onPath.find((r) => r.method === method);
  return route ? { kind: 'route', route } : { kind: 'wrong-method', allow: onPath.map((r) => r.method) };
}
