// PUT /v2/coupon/redeem (put-v2-coupon-redeem.txt): update the transaction number, bill amount,
// bill id and custom fields of coupon redemptions made earlier by the bulk redeem. Per entry
// 761 or 510; overall 761 (all), 762 (some), and, the page being silent, 510 when none succeed.
import { couponMessage, type CouponCode } from '../codes.ts';
import type { HandlerContext } from '../context.ts';
import { type Answer, errorEnvelope, isAbsent, isObject, json, type JsonObject } from '../http.ts';
import { customerBlock } from '../shapes.ts';
import { parseAmount } from './bulk-redeem.ts';
import type { Readings } from '../readings.ts';

/** Errors of this page carry its top-level `success` too. */
const refuse = (code: CouponCode): Answer =>
  json(400, { ...errorEnvelope(code, couponMessage(code)), success: false }, 'error');

const status = (code: 761 | 762 | 510 | 500) => ({ status: code === 761 || code === 762, code, message: couponMessage(code) });

/** customFields: an Array of one-key objects in the request table, an Object in the response. */
function customFieldsOf(value: unknown, readings: Readings): Record<string, unknown> | undefined {
  if (isObject(value)) return readings.is('coupon-update-custom-fields', 'array') ? undefined : { ...value };
  if (readings.is('coupon-update-custom-fields', 'object')) return undefined;
  if (Array.isArray(value) && value.every(isObject)) return value.reduce<Record<string, unknown>>((all, one) => ({ ...all, ...one }), {});
  return undefined;
}

interface Update {
  entry: JsonObject;
  billAmount: number;
  customFields: Record<string, unknown> | undefined;
}

export function updateCouponRedemption({ body, state, hooks, readings }: HandlerContext): Answer {
  const noRedemptionId = readings.code('coupon-update-no-redemption-id-code') as CouponCode;
  const list = body.redemptions;
  if (!Array.isArray(list) || list.length === 0) return refuse(noRedemptionId);
  const updates: Update[] = [];
  for (const entry of list) {
    if (!isObject(entry) || isAbsent(entry.redemptionId)) return refuse(noRedemptionId);
    const billAmount = parseAmount(entry.billAmount);
    const customFields = customFieldsOf(entry.customFields, readings);
    if (
      billAmount === undefined ||
      (!isAbsent(entry.transactionNumber) && typeof entry.transactionNumber !== 'string') ||
      (!isAbsent(entry.billId) && !(typeof entry.billId === 'number' && Number.isInteger(entry.billId) && entry.billId >= 0)) ||
      (!isAbsent(entry.customFields) && customFields === undefined)
    ) {
      return refuse(629);
    }
    updates.push({ entry, billAmount, customFields });
  }
  const who = state.findCustomer(body.user, readings.of('customer-identifier-precedence'));
  if (who.kind === 'invalid') return refuse(629);
  if (who.kind !== 'found') return refuse(701);
  const customer = who.customer;

  const redemptions = updates.map(({ entry, billAmount, customFields }) => {
    const id = typeof entry.redemptionId === 'number' && Number.isInteger(entry.redemptionId) ? entry.redemptionId : undefined;
    const stored = id === undefined ? undefined : state.couponRedemptions.get(id);
    if (!stored || !hooks.ownsRedemption(stored.customerId === customer.id)) {
      // A failed entry echoes the request (default) or carries only its id and status (reading null).
      const echo = readings.is('coupon-update-failed-entry-echo', 'request');
      return {
        redemptionId: entry.redemptionId,
        billAmount: echo ? billAmount : null,
        transactionNumber: echo ? (typeof entry.transactionNumber === 'string' ? entry.transactionNumber : '') : null,
        billId: echo && typeof entry.billId === 'number' ? entry.billId : null,
        customFields: echo ? (customFields ?? {}) : null,
        redemptionStatus: status(510),
      };
    }
    stored.billAmount = billAmount;
    if (typeof entry.transactionNumber === 'string' && entry.transactionNumber !== '') stored.transactionNumber = entry.transactionNumber;
    if (typeof entry.billId === 'number') stored.billId = entry.billId;
    if (customFields) stored.customFields = { ...stored.customFields, ...customFields };
    return {
      redemptionId: stored.redemptionId,
      billAmount: stored.billAmount,
      transactionNumber: stored.transactionNumber,
      billId: stored.billId,
      customFields: { ...stored.customFields },
      redemptionStatus: status(761),
    };
  });

  const failedCount = redemptions.filter((r) => !r.redemptionStatus.status).length;
  const allFailedCode = readings.code('coupon-update-all-failed-code') as 510 | 500;
  const overall = failedCount === 0 ? status(761) : failedCount < redemptions.length ? status(762) : status(allFailedCode);
  const entity = { redemptions, user: customerBlock(customer), status: overall, totalCount: redemptions.length, failedCount };
  const allFailed = failedCount > 0 && failedCount === redemptions.length;
  const httpStatus = allFailed ? Number(readings.of('coupon-update-all-failed-status')) : failedCount > 0 ? Number(readings.of('coupon-update-partial-status')) : 200;
  return json(
    httpStatus,
    { entity, warnings: [], errors: allFailed ? errorEnvelope(allFailedCode, couponMessage(allFailedCode)).errors : [], success: !allFailed },
    'coupon-update',
  );
}
