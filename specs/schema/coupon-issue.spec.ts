// POST /v2/coupon/issue: well-formed requests from the fixtures; every answer through the
// response checks (status, content type, schema).
import { rule, send, expectConforming, expectStatus, is4xx } from '../../src/runtime/rule.ts';
import { issueRequest, unknownCustomerRef } from '../../generators/fixture-requests.ts';
import { fixtures, issueCoupon } from '../support/flows.ts';

const source = 'post-v2-coupon-issue.txt';

describe('POST /v2/coupon/issue: documented answers', () => {
  rule(
    { id: 'coupon-issue.schema.issued-coupon', title: 'should answer a well-formed issue request with 2xx and the documented coupon', operation: 'issueCoupon', kind: 'schema', source, writes: true },
    async () => {
      const { received } = await issueCoupon(fixtures().customers[0]);
      expectConforming(received);
    },
  );

  rule(
    { id: 'coupon-issue.schema.refusal', title: 'should refuse an unknown customer with a 4xx in a documented envelope', operation: 'issueCoupon', kind: 'schema', source, writes: true },
    async () => {
      const received = await send({ operation: 'issueCoupon', body: { ...issueRequest(fixtures(), fixtures().customers[0]), customer: unknownCustomerRef() } });
      expectStatus(received, is4xx, 'a 4xx: no customer matches (codes 701 / 721)');
      expectConforming(received);
    },
  );

  rule(
    { id: 'coupon-issue.schema.unauthenticated', title: 'should answer a request without credentials with 401', operation: 'issueCoupon', kind: 'schema', source: 'FACTS.md (Authentication)', writes: true },
    async () => {
      const received = await send({ operation: 'issueCoupon', body: issueRequest(fixtures(), fixtures().customers[0]), auth: 'none' });
      expectStatus(received, (s) => s === 401, 'HTTP 401 "Authentication failed. Please check username and password."');
      expectConforming(received);
    },
  );
});

