// Authentication (FACTS.md): no credentials, or a wrong password, answer 401 on every operation.
import { rule, send, expectStatus } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { getContract, type OperationId } from '../../src/contract/index.ts';
import { bulkRedeemRequest, couponUpdateRequest, issueRequest, pointsUpdateRequest, unknownCouponCode } from '../../generators/fixture-requests.ts';
import { fixtures } from '../support/flows.ts';

const SOURCE = 'FACTS.md (Authentication: Basic with MD5, or X-CAP-API-OAUTH-TOKEN; HTTP 401 "Authentication failed. Please check username and password.")';

/** A well-formed body per operation: only the credentials are wrong. */
const bodies: Record<OperationId, () => unknown> = {
  issueCoupon: () => issueRequest(fixtures(), fixtures().customers[0]),
  bulkRedeemCoupons: () => bulkRedeemRequest([unknownCouponCode()], fixtures().customers[0]),
  updateCouponRedemption: () => couponUpdateRequest([1], fixtures().customers[0]),
  updatePointsRedemption: () => pointsUpdateRequest(fixtures().pointsRedemptions[0]),
};

describe('authentication', () => {
  const operations = Object.keys(bodies) as OperationId[];
  for (const operation of operations) {
    const { prefix } = getContract().operation(operation);
    rule(
      { id: `${prefix}.auth-missing`, title: 'should answer 401 to a request without credentials', operation, kind: 'scenario', writes: true, source: SOURCE },
      async () => {
        const received = await send({ operation, body: bodies[operation](), auth: 'none' });
        expectStatus(received, (s) => s === 401, 'HTTP 401: authentication failed');
      },
    );
    rule(
      { id: `${prefix}.auth-wrong-password`, title: 'should answer 401 to a wrong password', operation, kind: 'scenario', writes: true, source: SOURCE },
      async () => {
        const username = session().client.options.auth.basic?.username ?? 'conformance.till';
        const received = await send({ operation, body: bodies[operation](), auth: { basic: { username, password: `wrong-${Date.now()}` } } });
        expectStatus(received, (s) => s === 401, 'HTTP 401: authentication failed');
      },
    );
  }
});
