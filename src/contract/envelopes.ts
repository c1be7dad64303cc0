// Reading the documented envelopes: where a vendor code may stand in a body. The suite
// matches entries by coupon code or id, never by position, and accepts every documented
// envelope (FACTS.md: the bare status object, the `errors` envelope, the bulk `response`
// list, the coupon update `entity`).

import { isObject } from '../util/json.ts';

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const codeOf = (v: unknown): number | undefined => {
  if (!isObject(v)) return undefined;
  const c = v.code;
  return typeof c === 'number' ? c : typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : undefined;
};

/** One entry of a bulk redeem answer, as the suite reads it. */
export interface BulkEntry {
  /** The coupon code the entry is about (result.code). */
  coupon: string | undefined;
  /** The entry's status code (result.redemptionStatus.code, else its errors' first code). */
  code: number | undefined;
  /** Every code the entry carries. */
  codes: number[];
  success: boolean | undefined;
  redemptionId: unknown;
}

export function bulkEntries(body: unknown): BulkEntry[] {
  if (!isObject(body)) return [];
  return asArray(body.response).filter(isObject).map((entry) => {
    const result = isObject(entry.result) ? entry.result : {};
    const status = isObject(result.redemptionStatus) ? result.redemptionStatus : {};
    const errorCodes = asArray(entry.errors).map(codeOf).filter((c): c is number => c !== undefined);
    const own = codeOf(status) ?? codeOf(status.statusCode);
    const codes = [...new Set([...(own !== undefined ? [own] : []), ...errorCodes])];
    return {
      coupon: typeof result.code === 'string' ? result.code : undefined,
      code: own ?? errorCodes[0],
      codes,
      success: typeof status.success === 'boolean' ? status.success : undefined,
      redemptionId: result.redemptionId,
    };
  });
}

/** Every vendor code anywhere a documented envelope puts one. */
export function codesIn(body: unknown): number[] {
  if (!isObject(body)) return [];
  const codes: number[] = [];
  const push = (c: number | undefined) => c !== undefined && codes.push(c);
  push(codeOf(body));
  for (const e of asArray(body.errors)) push(codeOf(e));
  for (const entry of bulkEntries(body)) codes.push(...entry.codes);
  if (isObject(body.entity)) {
    push(codeOf(body.entity.status));
    for (const r of asArray(body.entity.redemptions)) if (isObject(r)) push(codeOf(r.redemptionStatus));
  }
  return [...new Set(codes)];
}

/** Whether a body is an error envelope (v2 `errors` list non-empty, or a status object with status false). */
export function isErrorEnvelope(body: unknown): boolean {
  if (!isObject(body)) return false;
  if (asArray(body.errors).length > 0) return true;
  return body.status === false && codeOf(body) !== undefined;
}

/** PUT /v2/coupon/redeem: the overall status and each entry's, matched by redemption id. */
export function couponUpdateStatus(body: unknown): {
  overall: { status?: boolean; code?: number };
  entries: { redemptionId: number | undefined; status?: boolean; code?: number }[];
  success?: boolean;
} {
  const entity = isObject(body) && isObject(body.entity) ? body.entity : {};
  const overall = isObject(entity.status) ? entity.status : {};
  return {
    overall: { status: typeof overall.status === 'boolean' ? overall.status : undefined, code: codeOf(overall) },
    entries: asArray(entity.redemptions).filter(isObject).map((r) => {
      const s = isObject(r.redemptionStatus) ? r.redemptionStatus : {};
      const id = Number(r.redemptionId);
      return { redemptionId: Number.isFinite(id) ? id : undefined, status: typeof s.status === 'boolean' ? s.status : undefined, code: codeOf(s) };
    }),
    success: isObject(body) && typeof body.success === 'boolean' ? body.success : undefined,
  };
}
