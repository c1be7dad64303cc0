// PUT /v2/points/updateRedemption: the update echoes the updated fields; each documented
// error code answers its situation. The page documents no HTTP status for its errors, so
// any 4xx (or a 200 error envelope) passes; the code is what must match.
import { group, rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import { send, failWith } from '../../src/runtime/exchange.ts';
import { expectAccepted, expectRefusal } from '../../src/runtime/verdicts.ts';
import { billId, shortText, unknownRedemptionIdentifier } from '../../generators/domain.ts';
import { pointsUpdateRequest } from '../../generators/requests.ts';

const PAGE = 'put-v2-points-updateRedemption.txt';

type Body = Record<string, unknown>;

/** A well-formed update of the fixtures' i-th points redemption (entity always sent), drawn from the seed. */
function request(ctx: RuleContext, i: number, by: 'redemptionId' | 'externalReferenceNumber' = 'redemptionId'): Body {
  const all = ctx.pointsRecords;
  const redemption = all[i % all.length];
  return ctx.draw(pointsUpdateRequest({ contract: ctx.contract, redemptions: [redemption], by, require: ['/entity', '/billNumber', '/purpose'] }));
}

function redemptionOf(ctx: RuleContext, i: number) {
  const all = ctx.pointsRecords;
  return all[i % all.length];
}

const errorRules: [string, string, string, (ctx: RuleContext) => Body][] = [
  ['points-update.error-748-no-metadata', 'should refuse an update with nothing to update with 748', 'no-metadata', (ctx) => {
    const { billNumber: _b, purpose: _p, billId: _i, ...body } = request(ctx, 2);
    return body;
  }],
  ['points-update.error-749-neither-identifier', 'should refuse an update with neither redemption identifier with 749', 'neither-identifier', (ctx) => {
    const { redemptionId: _r, ...body } = request(ctx, 2);
    return body;
  }],
  ['points-update.error-749-both-identifiers', 'should refuse an update with both redemption identifiers with 749', 'both-identifiers', (ctx) => ({
    ...request(ctx, 2),
    externalReferenceNumber: redemptionOf(ctx, 2).externalReferenceNumber,
  })],
  ['points-update.error-750-unknown-redemption', 'should refuse an update of an unknown redemption with 750', 'unknown-redemption', (ctx) => ({
    ...request(ctx, 2),
    redemptionId: ctx.draw(unknownRedemptionIdentifier({ known: ctx.fixtures.pointsRedemptions.map((r) => r.redemptionId) })),
  })],
  ['points-update.error-1212-entity-type', 'should refuse an entity type that is not valid with 1212', 'invalid-entity-type', (ctx) => {
    const body = request(ctx, 2);
    return { ...body, entity: { ...(body.entity as Body), type: 'NOT_AN_ENTITY_TYPE' } };
  }],
  ['points-update.error-1219-entity-details', 'should refuse entity details that are not set with 1219', 'invalid-entity-details', (ctx) => {
    const body = request(ctx, 2);
    return { ...body, entity: { type: (body.entity as Body).type } };
  }],
];

export default group('PUT /v2/points/updateRedemption: business rules', [
  rule(
    { id: 'points-update.echoes-updated-fields', title: 'should answer the whole record with the updated bill number, bill id and purpose', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (fields that can be updated: bill_id, bill_number, purpose)`, covers: ['{prefix}.status.200'] },
    async (ctx) => {
      const r = redemptionOf(ctx, 0);
      const body = { ...request(ctx, 0), billNumber: ctx.draw(shortText()), billId: ctx.draw(billId()), purpose: ctx.draw(shortText()) };
      const received = await send(ctx, { operation: 'updatePointsRedemption', body });
      expectAccepted(ctx, received, 'HTTP 200 with the redemption record');
      const rec = received.response.json as Body;
      const expected: [string, unknown][] = [['billNumber', body.billNumber], ['billId', body.billId], ['redemptionPurpose', body.purpose], ['redemptionId', r.redemptionId]];
      const wrong = expected.filter(([k, v]) => rec?.[k] !== v);
      if (wrong.length) {
        failWith(ctx, received, { kind: 'state-violation', title: 'the record does not carry the updated fields', received: wrong.map(([k]) => `${k}: ${JSON.stringify(rec?.[k])}`).join(', '), documented: wrong.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') });
      }
    },
  ),
  rule(
    { id: 'points-update.update-is-stored', title: 'should keep an update: a later update of another field (by the other identifier) answers the record with the earlier one', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (the answer is the whole redemption record)`, covers: ['{prefix}.status.200'] },
    async (ctx) => {
      // Stored whichever identifier named it: the first update by reference, the second by id.
      const { billNumber: _b, purpose: _p, billId: _i, ...byRef } = request(ctx, 3, 'externalReferenceNumber');
      const { billNumber: _b2, purpose: _p2, billId: _i2, ...byId } = request(ctx, 3, 'redemptionId');
      const billNumber = ctx.draw(shortText());
      const first = await send(ctx, { operation: 'updatePointsRedemption', body: { ...byRef, billNumber } });
      expectAccepted(ctx, first, 'HTTP 200 with the redemption record');
      const second = await send(ctx, { operation: 'updatePointsRedemption', body: { ...byId, purpose: ctx.draw(shortText()) } });
      expectAccepted(ctx, second, 'HTTP 200 with the redemption record');
      const rec = second.response.json as Body;
      if (rec?.billNumber !== billNumber) {
        failWith(ctx, second, { kind: 'state-violation', title: 'an earlier update was not kept', received: `billNumber ${JSON.stringify(rec?.billNumber)} after updating only the purpose`, documented: `billNumber ${JSON.stringify(billNumber)}, set by the previous update` });
      }
    },
  ),
  rule(
    { id: 'points-update.by-external-reference', title: 'should identify a redemption by externalReferenceNumber alone, and answer that redemption\'s record', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} ("mandatory to pass either redemptionId or externalReferenceNumber")`, covers: ['{prefix}.status.200'] },
    async (ctx) => {
      const r = redemptionOf(ctx, 1);
      const received = await send(ctx, { operation: 'updatePointsRedemption', body: request(ctx, 1, 'externalReferenceNumber') });
      expectAccepted(ctx, received, 'HTTP 200 with the redemption record');
      // The record answered is the one the reference named (where the record carries its identifiers).
      const rec = received.response.json as Body;
      const wrong = (['redemptionId', 'externalReferenceNumber'] as const).filter((k) => rec?.[k] !== undefined && String(rec[k]) !== r[k]);
      if (wrong.length) {
        failWith(ctx, received, { kind: 'wrong-record', title: 'the record answered is not the redemption the reference named', received: wrong.map((k) => `${k}: ${JSON.stringify(rec[k])}`).join(', '), documented: wrong.map((k) => `${k}: ${JSON.stringify(r[k])}`).join(', ') });
      }
    },
  ),
  ...errorRules.map(([id, title, situation, build]) =>
    rule(
      { id, title, operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (API-specific error codes)`, covers: [`{prefix}.situation.${situation}`] },
      async (ctx) => {
        expectRefusal(ctx, await send(ctx, { operation: 'updatePointsRedemption', body: build(ctx) }), situation);
      },
    ),
  ),
]);
