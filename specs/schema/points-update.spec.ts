// PUT /v2/points/updateRedemption: an update of a fixtures redemption, and a refusal,
// every answer through the response checks.
import { group, rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { send, expectConforming, expectStatus, is2xx } from '../../src/runtime/exchange.ts';
import { pointsUpdateRequest } from '../../generators/requests.ts';

const source = 'put-v2-points-updateRedemption.txt';

/** A well-formed update of the fixtures' first points redemption by its id, entity sent. */
const request = (ctx: RuleContext) =>
  ctx.draw(pointsUpdateRequest({ contract: ctx.contract, redemptions: [ctx.pointsRecords[0]!], by: 'redemptionId', require: ['/entity', '/billNumber'] }));

export default group('PUT /v2/points/updateRedemption: documented answers', [
  rule(
    { id: 'points-update.schema.updated', title: 'should answer an update of a points redemption with 200 and the whole record', operation: 'updatePointsRedemption', kind: 'schema', source, writes: true, covers: ['{prefix}.status.200', 'page-defect.redemption-id-type'] },
    async (ctx) => {
      const received = await send(ctx, { operation: 'updatePointsRedemption', body: request(ctx) });
      expectStatus(ctx, received, is2xx, 'HTTP 200 with the redemption record');
      expectConforming(received);
    },
  ),
  rule(
    { id: 'points-update.schema.refusal', title: 'should refuse a request with neither redemption identifier in a documented envelope', operation: 'updatePointsRedemption', kind: 'schema', source: `${source} (code 749)`, writes: true, covers: ['{prefix}.status.4XX'] },
    async (ctx) => {
      const { redemptionId: _r, ...body } = request(ctx);
      const received = await send(ctx, { operation: 'updatePointsRedemption', body });
      expectRefusal(ctx, received, 'neither-identifier');
      expectConforming(received);
    },
  ),
]);
