// PUT /v2/points/updateRedemption (put-v2-points-updateRedemption.txt): update bill_id,
// bill_number and purpose of a points redemption, found by exactly one of redemptionId and
// externalReferenceNumber; an optional entity must name the redemption's customer.
import { pointsMessage, type PointsCode } from '../codes.ts';
import type { HandlerContext } from '../context.ts';
import { type Answer, type AnswerTag, failure, isAbsent, isObject, json } from '../http.ts';
import { type CustomerIdentifier, matchesIdentifier } from '../state.ts';

const refuse = (code: PointsCode, tag: AnswerTag = 'points-error', arg?: string): Answer =>
  failure(400, code, pointsMessage(code, arg), tag);

/** entity.identifierType: the page gives no values; the example uses "mobile". */
const IDENTIFIER_TYPES: Record<string, CustomerIdentifier> = {
  mobile: 'mobile',
  email: 'email',
  externalid: 'externalId',
  external_id: 'externalId',
  id: 'id',
  userid: 'id',
};

/** billId Integer, "maximum number of supported characters is 19": a non-negative integer below 10^19. */
function billIdOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e19 ? value : undefined;
}

export function updatePointsRedemption({ body, state, hooks, readings }: HandlerContext): Answer {
  // Typed fields first: a wrong type is a malformed request (8015).
  for (const field of ['redemptionId', 'externalReferenceNumber', 'billNumber', 'purpose'] as const) {
    if (!isAbsent(body[field]) && !hooks.fieldTyped(typeof body[field] === 'string', field)) return refuse(8015);
  }
  if (!isAbsent(body.billId) && billIdOf(body.billId) === undefined) return refuse(8015);
  if (!isAbsent(body.entity) && !isObject(body.entity)) return refuse(8015);

  const byId = !isAbsent(body.redemptionId);
  const byReference = !isAbsent(body.externalReferenceNumber);
  if (!byId && !byReference) return refuse(749, 'points-identifiers');
  if (byId && byReference && !hooks.pointsAcceptBoth(false)) return refuse(749, 'points-identifiers');

  const billId = isAbsent(body.billId) ? undefined : billIdOf(body.billId);
  const billNumber = isAbsent(body.billNumber) ? undefined : (body.billNumber as string);
  const purpose = isAbsent(body.purpose) ? undefined : (body.purpose as string);
  if (billId === undefined && billNumber === undefined && purpose === undefined) return refuse(748);

  let entity: { key: CustomerIdentifier; value: string | number } | undefined;
  // entity is not starred, but 1219 "Entity details not set/invalid": a vendor may require it (reading points-entity).
  if (isAbsent(body.entity) && readings.is('points-entity', 'required')) return refuse(1219);
  if (isObject(body.entity)) {
    const { type, identifierType, identifierValue } = body.entity;
    if (type !== 'CUSTOMER') return refuse(1212);
    const key = typeof identifierType === 'string' ? IDENTIFIER_TYPES[identifierType.toLowerCase()] : undefined;
    const valueOk = (typeof identifierValue === 'string' && identifierValue !== '') || (typeof identifierValue === 'number' && key === 'id');
    if (!key || !valueOk) return refuse(1219);
    const value = key === 'id' && typeof identifierValue === 'string' && /^\d+$/.test(identifierValue) ? Number(identifierValue) : (identifierValue as string | number);
    entity = { key, value };
  }

  const by = byId ? 'redemptionId' : 'externalReferenceNumber';
  const record = hooks.pointsRecord(state.findPointsRedemption(
    byId ? { redemptionId: body.redemptionId as string } : { externalReferenceNumber: body.externalReferenceNumber as string },
  ), by, state);
  if (!record) return refuse(750, 'points-not-found', 'Redemption not found');
  if (entity) {
    const customer = state.customerById(record.customerId);
    if (!customer || !matchesIdentifier(customer, entity.key, entity.value)) return refuse(1219);
  }

  const updated = {
    ...record,
    ...(billId !== undefined && { billId }),
    ...(billNumber !== undefined && { billNumber }),
    ...(purpose !== undefined && { redemptionPurpose: purpose }),
    pointDeductionList: [...record.pointDeductionList],
    warnings: [],
  };
  if (hooks.pointsStores(true, by)) Object.assign(record, updated);
  return json(200, updated, 'points-success');
}
