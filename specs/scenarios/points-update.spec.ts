// PUT /v2/points/updateRedemption: the update echoes the updated fields; each documented
// error code answers its situation. The page documents no HTTP status for its errors, so
// any 4xx (or a 200 error envelope) passes; the code is what must match.
import { rule, send, failWith } from '../../src/runtime/rule.ts';
import { expectAccepted, expectRefusal } from '../../src/runtime/expect.ts';
import { pointsUpdateRequest, transactionNumber } from '../../generators/fixture-requests.ts';
import { fixtures } from '../support/flows.ts';

const PAGE = 'put-v2-points-updateRedemption.txt';

function redemption(i = 0) {
  const all = fixtures().pointsRedemptions;
  return all[i % all.length];
}

describe('PUT /v2/points/updateRedemption: business rules', () => {
  rule(
    { id: 'points-update.echoes-updated-fields', title: 'should answer the whole record with the updated bill number, bill id and purpose', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (fields that can be updated: bill_id, bill_number, purpose)` },
    async () => {
      const r = redemption(0);
      const billNumber = transactionNumber();
      const billId = 700_000 + (Date.now() % 100_000);
      const purpose = `conformance ${billNumber}`;
      const received = await send({ operation: 'updatePointsRedemption', body: { ...pointsUpdateRequest(r), billNumber, billId, purpose } });
      expectAccepted(received, 'HTTP 200 with the redemption record');
      const rec = received.response.json as Record<string, unknown>;
      const expected: [string, unknown][] = [['billNumber', billNumber], ['billId', billId], ['redemptionPurpose', purpose], ['redemptionId', r.redemptionId]];
      const wrong = expected.filter(([k, v]) => rec?.[k] !== v);
      if (wrong.length) {
        failWith(received, { title: 'the record does not carry the updated fields', received: wrong.map(([k]) => `${k}: ${JSON.stringify(rec?.[k])}`).join(', '), documented: wrong.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') });
      }
    },
  );

  rule(
    { id: 'points-update.update-is-stored', title: 'should keep an update: a later update of another field answers the record with the earlier one', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (the answer is the whole redemption record)` },
    async () => {
      const r = redemption(3);
      const billNumber = transactionNumber();
      const first = await send({ operation: 'updatePointsRedemption', body: { redemptionId: r.redemptionId, billNumber } });
      expectAccepted(first, 'HTTP 200 with the redemption record');
      const purpose = `conformance ${transactionNumber()}`;
      const second = await send({ operation: 'updatePointsRedemption', body: { redemptionId: r.redemptionId, purpose } });
      expectAccepted(second, 'HTTP 200 with the redemption record');
      const rec = second.response.json as Record<string, unknown>;
      if (rec?.billNumber !== billNumber) {
        failWith(second, { title: 'an earlier update was not kept', received: `billNumber ${JSON.stringify(rec?.billNumber)} after updating only the purpose`, documented: `billNumber ${JSON.stringify(billNumber)}, set by the previous update` });
      }
    },
  );

  rule(
    { id: 'points-update.by-external-reference', title: 'should identify a redemption by externalReferenceNumber alone', operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} ("mandatory to pass either redemptionId or externalReferenceNumber")` },
    async () => {
      const r = redemption(1);
      const received = await send({ operation: 'updatePointsRedemption', body: pointsUpdateRequest(r, 'externalReferenceNumber') });
      expectAccepted(received, 'HTTP 200 with the redemption record');
    },
  );

  const errorRules: [string, string, string, () => Record<string, unknown>][] = [
    ['points-update.error-748-no-metadata', 'should refuse an update with nothing to update with 748', 'no-metadata', () => {
      const { billNumber: _b, purpose: _p, ...body } = pointsUpdateRequest(redemption(2));
      return body;
    }],
    ['points-update.error-749-neither-identifier', 'should refuse an update with neither redemption identifier with 749', 'neither-identifier', () => {
      const { redemptionId: _r, ...body } = pointsUpdateRequest(redemption(2));
      return body;
    }],
    ['points-update.error-749-both-identifiers', 'should refuse an update with both redemption identifiers with 749', 'both-identifiers', () => ({
      ...pointsUpdateRequest(redemption(2)),
      externalReferenceNumber: redemption(2).externalReferenceNumber,
    })],
    ['points-update.error-750-unknown-redemption', 'should refuse an update of an unknown redemption with 750', 'unknown-redemption', () => ({
      ...pointsUpdateRequest(redemption(2)),
      redemptionId: `NO-SUCH-REDEMPTION-${transactionNumber()}`,
    })],
    ['points-update.error-1212-entity-type', 'should refuse an entity type that is not valid with 1212', 'invalid-entity-type', () => {
      const body = pointsUpdateRequest(redemption(2));
      return { ...body, entity: { ...body.entity, type: 'NOT_AN_ENTITY_TYPE' } };
    }],
    ['points-update.error-1219-entity-details', 'should refuse entity details that are not set with 1219', 'invalid-entity-details', () => {
      const body = pointsUpdateRequest(redemption(2));
      return { ...body, entity: { type: body.entity.type } };
    }],
  ];
  for (const [id, title, situation, build] of errorRules) {
    rule(
      { id, title, operation: 'updatePointsRedemption', kind: 'scenario', writes: true, source: `${PAGE} (API-specific error codes)` },
      async () => {
        expectRefusal(await send({ operation: 'updatePointsRedemption', body: build() }), situation);
      },
    );
  }
});
