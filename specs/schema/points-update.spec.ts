// PUT /v2/points/updateRedemption: an update of a fixtures redemption, and a refusal,
// every answer through the response checks.
import { rule, send, expectConforming, expectStatus, is2xx } from '../../src/runtime/rule.ts';
import { pointsUpdateRequest } from '../../generators/fixture-requests.ts';
import { fixtures } from '../support/flows.ts';

const source = 'put-v2-points-updateRedemption.txt';

describe('PUT /v2/points/updateRedemption: documented answers', () => {
  rule(
    { id: 'points-update.schema.updated', title: 'should answer an update of a points redemption with 200 and the whole record', operation: 'updatePointsRedemption', kind: 'schema', source, writes: true },
    async () => {
      const received = await send({ operation: 'updatePointsRedemption', body: pointsUpdateRequest(fixtures().pointsRedemptions[0]) });
      expectStatus(received, is2xx, 'HTTP 200 with the redemption record');
      expectConforming(received);
    },
  );

  rule(
    { id: 'points-update.schema.refusal', title: 'should refuse a request with neither redemption identifier in a documented envelope', operation: 'updatePointsRedemption', kind: 'schema', source: `${source} (code 749)`, writes: true },
    async () => {
      const { redemptionId: _r, ...body } = pointsUpdateRequest(fixtures().pointsRedemptions[0]) as Record<string, unknown>;
      const received = await send({ operation: 'updatePointsRedemption', body });
      expectStatus(received, (s) => s < 500, 'a 4xx (the page documents no status) or a 200 error envelope, with code 749');
      expectConforming(received);
    },
  );
});
