// POST /v2/coupon/bulk/redeem (post-v2-coupon-bulk-redeem.txt): redeem coupons of one customer,
// all or nothing. "Bulk coupon redemption will fail if even one of the coupons is invalid ...
// There is no option for partial success in bulk redemptions." `is_redeemable=true` (the prose
// spells it `isredeemable`) is a dry run: the same checks, nothing redeemed.
import { COUPON_CODES, DRY_RUN_MESSAGE, couponMessage, type CouponCode } from '../codes.ts';
import type { HandlerContext } from '../context.ts';
import { type Answer, isAbsent, isObject, json } from '../http.ts';
import { bulkEntry } from '../shapes.ts';
import type { Customer, State } from '../state.ts';
import type { HookSet } from '../faults.ts';

/** The documented "too many coupons" / invalid input answer (FACTS.md): one entry, code 629. */
export function bulkInvalidInput(): Answer {
  const entry = bulkEntry('', undefined, undefined, '-1', { code: 629, message: couponMessage(629), success: false });
  return json(400, { response: [entry], totalCount: 1, failureCount: 1 }, 'bulk-failure');
}

/** The documented unknown-customer answer (FACTS.md): a bare status object. */
function customerNotFound(): Answer {
  return json(400, { status: false, code: 701, message: couponMessage(701) }, 'error');
}

export function isDryRun(query: URLSearchParams): boolean {
  return [query.get('is_redeemable'), query.get('isredeemable')].some((v) => v?.toLowerCase() === 'true');
}

/** billAmount*: a number or a numeric string (the page's examples send "2000"). */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** Why one coupon of the batch cannot be redeemed by this customer; null when it can. */
function refusal(code: string, codes: string[], customer: Customer, state: State, hooks: HookSet, dryRun = false): number | null {
  const coupon = state.coupons.get(code);
  if (!coupon) return 702;
  const series = state.series.get(coupon.seriesId)!;
  const checks: [CouponCode, boolean][] = [
    [703, coupon.customerId !== customer.id],
    [711, coupon.redemptionCount >= series.redemptionsPerCoupon],
    [716, codes.indexOf(code) !== codes.lastIndexOf(code)],
  ];
  for (const [refused, applies] of checks) {
    if (!applies) continue;
    const kept = hooks.couponRefusal(refused, dryRun);
    if (kept !== null) return kept;
  }
  return null;
}

export async function bulkRedeem({ body, query, state, hooks, config, sleep }: HandlerContext): Promise<Answer> {
  const dryRun = isDryRun(query);
  const list = body.redemptionRequestList;
  if (!Array.isArray(list) || list.length === 0 || list.length > hooks.bulkLimit(config.bulkMax)) return bulkInvalidInput();
  const codes: string[] = [];
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.code !== 'string' || entry.code === '') return bulkInvalidInput();
    codes.push(entry.code);
  }
  const billAmount = parseAmount(body.billAmount);
  if (billAmount === undefined) return bulkInvalidInput();
  for (const field of ['redemptionTime', 'transactionNumber'] as const) {
    if (!isAbsent(body[field]) && typeof body[field] !== 'string') return bulkInvalidInput();
  }
  const who = state.findCustomer(body.user);
  if (who.kind === 'invalid') return bulkInvalidInput();
  if (who.kind !== 'found') return customerNotFound();
  const customer = hooks.customerFor(who.customer, body.user, 'bulk-redeem', state);

  // Check every coupon first ...
  const validates = !dryRun || hooks.dryRunValidates(true);
  const refusals = codes.map((code) => (validates ? refusal(code, codes, customer, state, hooks, dryRun) : null));
  const failed = refusals.some((r) => r !== null);
  const redeemable = failed && hooks.bulkAtomic(true, refusals) ? [] : codes.map((_, i) => i).filter((i) => refusals[i] === null);
  const commits = !dryRun || hooks.dryRunCommits(false);

  // ... then commit. Clean: no await between the checks and the commit, so concurrent
  // requests cannot both pass the checks for one coupon.
  if (commits && redeemable.length > 0 && hooks.beforeCommit) await hooks.beforeCommit(sleep);
  const redemptionIds = new Map<number, string>();
  for (const i of redeemable) {
    const coupon = state.coupons.get(codes[i]!);
    const id = coupon && commits
      ? String(state.redeemCoupon(coupon, { billAmount, transactionNumber: typeof body.transactionNumber === 'string' ? body.transactionNumber : '' }).redemptionId)
      : '-1';
    redemptionIds.set(i, dryRun ? hooks.dryRunRedemptionId('-1', state) : id);
  }

  const response = codes.map((code, i) => {
    const coupon = state.coupons.get(code);
    const series = coupon && state.series.get(coupon.seriesId);
    const redeemed = redemptionIds.get(i);
    if (redeemed !== undefined) {
      const message = dryRun ? DRY_RUN_MESSAGE : COUPON_CODES[700];
      return bulkEntry(code, coupon, series, redeemed, { code: 700, message, success: true });
    }
    const own = refusals[i] ?? 749;
    const message = (COUPON_CODES as Record<number, string>)[own] ?? 'Coupon processing failed';
    return bulkEntry(code, coupon, series, '-1', { code: own, message, success: false });
  });
  const failureCount = response.length - redemptionIds.size;
  return json(
    failed ? 400 : 200,
    { response, totalCount: response.length, failureCount },
    failed ? 'bulk-failure' : 'bulk-success',
  );
}
