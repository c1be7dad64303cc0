// POST /v2/coupon/bulk/redeem (post-v2-coupon-bulk-redeem.txt): redeem coupons of one customer,
// all or nothing. "Bulk coupon redemption will fail if even one of the coupons is invalid ...
// There is no option for partial success in bulk redemptions." `is_redeemable=true` (the prose
// spells it `isredeemable`) is a dry run: the same checks, nothing redeemed. Where the page is
// silent the host asks its readings (readings.ts): status and envelope of a refused batch,
// which of the synonymous codes, the types of the untyped fields, entry order, notation.
import { COUPON_CODES, DRY_RUN_MESSAGE, couponMessage, type CouponCode } from '../codes.ts';
import type { HandlerContext } from '../context.ts';
import { type Answer, errorEnvelope, isAbsent, isObject, json } from '../http.ts';
import { bulkEntry } from '../shapes.ts';
import type { Customer, State } from '../state.ts';
import type { HookSet } from '../faults.ts';
import type { Readings } from '../readings.ts';
import { oneActionPerCustomer } from '../busy.ts';

/** The documented "too many coupons" / invalid input answer (FACTS.md): one entry, code 629 (or the reading's envelope). */
export function bulkInvalidInput(readings?: Readings, code: CouponCode = 629): Answer {
  const message = couponMessage(code);
  const envelope = readings?.of('bulk-invalid-input-envelope') ?? 'response-list';
  if (envelope === 'errors-envelope') return json(400, errorEnvelope(code, message), 'error');
  if (envelope === 'status-object') return json(400, { status: false, code, message }, 'error');
  const entry = bulkEntry('', undefined, undefined, '-1', { code, message, success: false });
  return json(400, { response: [entry], totalCount: 1, failureCount: 1 }, 'bulk-failure');
}

/** The documented unknown-customer answer (FACTS.md): a bare status object. */
function customerNotFound(code: CouponCode = 701): Answer {
  return json(400, { status: false, code, message: couponMessage(code) }, 'error');
}

/** The dry-run parameter: the table's `is_redeemable`, the prose's `isredeemable`, or both (reading bulk-dry-run-parameter). */
export function isDryRun(query: URLSearchParams, readings?: Readings): boolean {
  const accepted = readings?.is('bulk-dry-run-parameter', 'table') ? ['is_redeemable'] : readings?.is('bulk-dry-run-parameter', 'prose') ? ['isredeemable'] : ['is_redeemable', 'isredeemable'];
  return accepted.some((name) => query.get(name)?.toLowerCase() === 'true');
}

/** billAmount*: a number or a numeric string (the page's examples send "2000"). */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** billAmount as the reading bulk-bill-amount-type takes it. */
function billAmountOf(value: unknown, readings: Readings): number | undefined {
  if (readings.is('bulk-bill-amount-type', 'string') && typeof value !== 'string') return undefined;
  return parseAmount(value);
}

const TABLE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Why one coupon of the batch cannot be redeemed by this customer; null when it can. */
function refusal(code: string, codes: string[], customer: Customer | undefined, state: State, hooks: HookSet, readings: Readings, dryRun = false): number | null {
  const coupon = state.coupons.get(code);
  if (!coupon) return readings.code('bulk-unknown-coupon-code');
  const series = state.series.get(coupon.seriesId)!;
  const checks: [number, CouponCode, boolean][] = [
    [readings.code('bulk-foreign-coupon-code'), 703, coupon.customerId !== customer?.id],
    [readings.code('bulk-already-redeemed-code'), 711, coupon.redemptionCount >= series.redemptionsPerCoupon],
    [readings.code('bulk-duplicate-code'), 716, codes.indexOf(code) !== codes.lastIndexOf(code)],
  ];
  for (const [answered, rule, applies] of checks) {
    if (!applies) continue;
    // The fault hooks know the rules by their default codes (703, 711, 716).
    const kept = hooks.couponRefusal(rule, dryRun);
    if (kept !== null) return kept === rule ? answered : kept;
  }
  return null;
}

const messageOf = (code: number) => (COUPON_CODES as Record<number, string>)[code] ?? 'Coupon processing failed';

/** The result fields the reading bulk-number-notation writes as decimal strings. */
const NUMERIC_RESULT_FIELDS = ['localToBaseCurrencyExchangeRate', 'couponValue', 'discountValue', 'discountUpto'];

function presentEntry(entry: ReturnType<typeof bulkEntry>, readings: Readings): unknown {
  const result: Record<string, unknown> = { ...entry.result };
  if (readings.is('bulk-redemption-id-type', 'integer')) result.redemptionId = Number(result.redemptionId);
  if (readings.is('bulk-number-notation', 'strings')) {
    for (const k of NUMERIC_RESULT_FIELDS) if (typeof result[k] === 'number') result[k] = (result[k] as number).toFixed(1);
  }
  return { ...entry, result };
}

/** A failed entry, as the reading bulk-failure-entry-detail has it: the whole coupon, or only the code and status. */
function failedEntry(entry: ReturnType<typeof bulkEntry>, readings: Readings): unknown {
  if (readings.is('bulk-failure-entry-detail', 'full')) return presentEntry(entry, readings);
  return { result: { code: entry.result.code, redemptionStatus: entry.result.redemptionStatus }, errors: entry.errors };
}

export async function bulkRedeem(ctx: HandlerContext): Promise<Answer> {
  const { body, query, state, hooks, config, readings } = ctx;
  const dryRun = isDryRun(query, readings);
  const list = body.redemptionRequestList;
  if (!Array.isArray(list) || list.length === 0) return bulkInvalidInput(readings, readings.code('bulk-empty-list-code') as CouponCode);
  if (list.length > hooks.bulkLimit(config.bulkMax)) return bulkInvalidInput(readings, readings.code('bulk-over-limit-code') as CouponCode);
  const codes: string[] = [];
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.code !== 'string' || entry.code === '') return bulkInvalidInput(readings, readings.code('bulk-empty-list-code') as CouponCode);
    codes.push(entry.code);
  }
  const amountAbsent = isAbsent(body.billAmount) && readings.is('bulk-bill-amount-required', 'optional');
  const billAmount = amountAbsent ? 0 : billAmountOf(body.billAmount, readings);
  if (billAmount === undefined) return bulkInvalidInput(readings);
  // The page gives these fields no type: strict takes them as strings, lenient ignores what is not one.
  if (readings.is('bulk-untyped-fields', 'strict')) {
    for (const field of ['redemptionTime', 'transactionNumber'] as const) {
      if (!isAbsent(body[field]) && typeof body[field] !== 'string') return bulkInvalidInput(readings);
    }
  }
  const time = body.redemptionTime;
  if (typeof time === 'string' && time !== '') {
    if (readings.is('bulk-redemption-time-format', 'table') && !TABLE_TIME.test(time)) return bulkInvalidInput(readings);
    if (readings.is('bulk-redemption-time-format', 'iso') && !ISO_TIME.test(time)) return bulkInvalidInput(readings);
  }
  const who = state.findCustomer(body.user, readings.of('customer-identifier-precedence'));
  if (who.kind === 'invalid') return bulkInvalidInput(readings);
  const transactionNumber = typeof body.transactionNumber === 'string' ? body.transactionNumber : '';
  if (who.kind !== 'found') {
    // coupons-first: the coupons are checked before the user, so a batch without a known user fails on its coupons.
    if (readings.is('bulk-check-order', 'coupons-first')) return settle(ctx, codes, undefined, billAmount, transactionNumber, dryRun);
    return customerNotFound(who.kind === 'absent' ? (readings.code('bulk-no-identifier-code') as CouponCode) : 701);
  }
  if (readings.is('bulk-transaction-number', 'required') && transactionNumber === '') return customerFailure(718);
  const customer = hooks.customerFor(who.customer, body.user, 'bulk-redeem', state);
  return oneActionPerCustomer(ctx, customer.id, () => settle(ctx, codes, customer, billAmount, transactionNumber, dryRun));
}

/** 718 "Transaction number needed for redemption", in the bare status envelope. */
function customerFailure(code: CouponCode): Answer {
  return json(400, { status: false, code, message: couponMessage(code) }, 'error');
}

/** Checks every coupon, then commits all of them or none, and answers. */
async function settle(ctx: HandlerContext, codes: string[], customer: Customer | undefined, billAmount: number, transactionNumber: string, dryRun: boolean): Promise<Answer> {
  const { state, hooks, readings, sleep } = ctx;
  // Check every coupon first ...
  const validates = !dryRun || hooks.dryRunValidates(true);
  const refusals = codes.map((code) => (validates || !customer ? refusal(code, codes, customer, state, hooks, readings, dryRun) : null));
  const failed = refusals.some((r) => r !== null);
  const redeemable = failed && hooks.bulkAtomic(true, refusals) ? [] : codes.map((_, i) => i).filter((i) => refusals[i] === null);
  const commits = !dryRun || hooks.dryRunCommits(false);

  // ... then commit. Clean: no await between the checks and the commit, so concurrent
  // requests cannot both pass the checks for one coupon.
  if (commits && redeemable.length > 0 && hooks.beforeCommit) await hooks.beforeCommit(sleep);
  const redemptionIds = new Map<number, string>();
  for (const i of redeemable) {
    const coupon = state.coupons.get(codes[i]!);
    const id = coupon && commits ? String(state.redeemCoupon(coupon, { billAmount, transactionNumber }).redemptionId) : '-1';
    redemptionIds.set(i, dryRun ? hooks.dryRunRedemptionId('-1', state) : id);
  }

  const entries = codes.map((code, i) => {
    const coupon = state.coupons.get(code);
    const series = coupon && state.series.get(coupon.seriesId);
    const redeemed = redemptionIds.get(i);
    if (redeemed !== undefined) {
      const message = dryRun && readings.is('bulk-dry-run-message', 'isredeem') ? DRY_RUN_MESSAGE : COUPON_CODES[700];
      return { failed: false, own: false, entry: bulkEntry(code, coupon, series, redeemed, { code: 700, message, success: true }) };
    }
    const own = refusals[i] ?? 749;
    return { failed: true, own: refusals[i] !== null, entry: bulkEntry(code, coupon, series, '-1', { code: own, message: messageOf(own), success: false }) };
  });
  if (readings.is('bulk-entry-order', 'reversed')) entries.reverse();
  const failures = entries.filter((e) => e.failed);
  const failureCount = readings.is('bulk-failure-count', 'own') ? failures.filter((e) => e.own).length : failures.length;
  const response = entries.map((e) => (e.failed ? failedEntry(e.entry, readings) : presentEntry(e.entry, readings)));
  if (!failed) return json(200, { response, totalCount: response.length, failureCount }, 'bulk-success');

  const status = Number(readings.of('bulk-failure-status'));
  const first = failures.find((e) => e.own) ?? failures[0]!;
  const { code, message } = first.entry.result.redemptionStatus;
  if (readings.is('bulk-failure-envelope', 'status-object')) return json(status, { status: false, code, message }, 'bulk-failure');
  if (readings.is('bulk-failure-envelope', 'errors-envelope')) {
    const errors = failures.map((e) => ({ status: false, code: e.entry.result.redemptionStatus.code, message: e.entry.result.redemptionStatus.message }));
    return json(status, { warnings: [], errors }, 'bulk-failure');
  }
  return json(status, { response, totalCount: response.length, failureCount }, 'bulk-failure');
}
