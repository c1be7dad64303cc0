// PUT /v2/points/updateRedemption, property-based (the budget: harness.ts). Valid updates
// name a fixtures redemption by exactly one identifier and update at least one field;
// invalid ones break one documented rule each. The page documents no error status: any
// 4xx, or a 200 error envelope (x-refusal-may-be-200), passes with the documented code.
import { getContract } from '../../src/contract/index.ts';
import { rule } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { pointsUpdateRequest } from '../../generators/requests.ts';
import { POINTS_UPDATE_MUTATORS } from '../../generators/mutators.ts';
import { checkMutators, checkProperty, runsOf } from './harness.ts';
import { expectAcceptedOrBusinessRefusal } from './verdicts.ts';

const OPERATION = 'updatePointsRedemption';
const { prefix, source } = getContract().operation(OPERATION);

/** Every documented situation is an error a valid update of a fixtures redemption is not in. */
const RULED_OUT = [
  'no-metadata', 'neither-identifier', 'both-identifiers', 'unknown-redemption', 'invalid-entity-type',
  'invalid-entity-details', 'malformed-identifier', 'malformed-request',
];

describe('PUT /v2/points/updateRedemption: properties', () => {
  rule(
    {
      id: `${prefix}.positive_data_acceptance`,
      title: 'should update any valid request (exactly one identifier, at least one field) and answer the record, or refuse it only with a documented business code',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body parameters)`,
      writes: true,
      tags: ['property', 'positive_data_acceptance'],
    },
    async () => {
      const { contract, fixtures } = session();
      await checkProperty({
        operation: OPERATION,
        arbitrary: pointsUpdateRequest({ contract, redemptions: fixtures.pointsRedemptions }),
        runs: runsOf('positive'),
        run: async (body, trial) => expectAcceptedOrBusinessRefusal(await trial.send({ operation: OPERATION, body }), RULED_OUT),
      });
    },
  );

  rule(
    {
      id: `${prefix}.negative_data_rejection`,
      title: 'should refuse every invalid update with a 4xx (or a 200 error envelope) and the documented code, never a 5xx',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body parameters, API-specific error codes)`,
      writes: true,
      tags: ['property', 'negative_data_rejection'],
    },
    async () => {
      const { contract, fixtures } = session();
      await checkMutators({
        operation: OPERATION,
        mutators: POINTS_UPDATE_MUTATORS,
        constraints: { contract, redemptions: fixtures.pointsRedemptions },
        runs: runsOf('negative'),
      });
    },
  );
});
