// POST /v2/coupon/issue (post-v2-coupon-issue.txt): issue a coupon of a series to a customer.
// "Any one among the customer identifiers is mandatory."
import { couponMessage, type CouponCode } from '../codes.ts';
import type { HandlerContext } from '../context.ts';
import { type Answer, failure, isAbsent, json } from '../http.ts';
import { customerBlock } from '../shapes.ts';
import { oneActionPerCustomer } from '../busy.ts';
import type { Customer, Series } from '../state.ts';

const refuse = (code: CouponCode): Answer => failure(400, code, couponMessage(code));

export function issueCoupon(ctx: HandlerContext): Answer | Promise<Answer> {
  const { body, state, hooks, readings } = ctx;
  // seriesId* Integer
  if (isAbsent(body.seriesId)) return refuse(readings.code('issue-missing-series-code') as CouponCode);
  if (typeof body.seriesId !== 'number' || !Number.isInteger(body.seriesId)) return refuse(629);
  // customer* Object, identifiers typed as in the body table
  const who = state.findCustomer(body.customer, readings.of('customer-identifier-precedence'));
  if (who.kind === 'invalid') return refuse(629);

  const series = hooks.resolveSeries(state.series.get(body.seriesId), state);
  if (!series) return refuse(readings.code('issue-unknown-series-code') as CouponCode);
  if (who.kind !== 'found') return refuse(readings.code('issue-unknown-customer-code') as CouponCode);
  const customer = hooks.customerFor(who.customer, body.customer, 'coupon-issue', state);
  return oneActionPerCustomer(ctx, customer.id, () => issue(ctx, series, customer));
}

function issue({ state, hooks }: HandlerContext, series: Series, customer: Customer): Answer {
  const coupon = state.issueCoupon(series, customer, hooks.couponCode(state.newCouponCode(), state));
  return json(
    200,
    {
      code: coupon.code,
      seriesId: series.id,
      description: series.description,
      discountCode: series.discountCode,
      validTill: series.validTill,
      discountType: series.discountType,
      discountValue: series.discountValue,
      discountUpto: series.discountUpto,
      discountOn: series.discountOn,
      detailedInfo: series.detailedInfo,
      customer: customerBlock(customer),
      redemptionCount: coupon.redemptionCount,
      id: coupon.id,
      warnings: [],
    },
    'issue-success',
  );
}
