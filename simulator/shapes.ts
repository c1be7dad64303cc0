// Response pieces shared by several pages: the customer profile block (issue page, coupon
// redeem update page) and the bulk redeem entry (bulk redeem page example).
import type { Coupon, Customer, Series } from './state.ts';

export function customerProfile(c: Customer) {
  const identifiers = [
    { type: 'mobile', value: c.mobile },
    { type: 'externalId', value: c.externalId },
    { type: 'email', value: c.email },
  ];
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    fields: {},
    allFields: {},
    identifiers,
    commChannels: [],
    userId: c.id,
    accountId: '',
    autoUpdateTime: c.autoUpdateTime,
    identifiersAll: identifiers.map((i) => ({ ...i })),
  };
}

/** `customer` of the issue answer, `user` of the coupon redeem update answer. */
export function customerBlock(c: Customer) {
  return { id: c.id, profiles: [customerProfile(c)] };
}

export interface EntryStatus {
  code: number;
  message: string;
  success: boolean;
}

/** One entry of the bulk redeem `response` array, as on the page's example. */
export function bulkEntry(
  requestedCode: string,
  coupon: Coupon | undefined,
  series: Series | undefined,
  redemptionId: string,
  status: EntryStatus,
) {
  const id = coupon?.id ?? -1;
  return {
    entityId: id,
    result: {
      redemptionId,
      id,
      currencyInput: false,
      localToBaseCurrencyExchangeRate: 0,
      warnings: [],
      appendedErrorMessage: status.success ? '' : status.message,
      code: requestedCode,
      discountCode: series?.discountCode ?? '',
      seriesCode: series?.id ?? -1,
      isAbsolute: series?.discountType === 'ABS',
      couponValue: series?.discountValue ?? 0,
      redemptionStatus: {
        statusCode: { status: status.success, code: status.code, message: status.message },
        warnings: [],
        warningsAsStatusCode: [],
        code: status.code,
        success: status.success,
        message: status.message,
      },
      discountType: series?.discountType ?? '',
      discountValue: series?.discountValue ?? 0,
      discountUpto: series?.discountUpto ?? 0,
    },
    errors: status.success ? [] : [{ status: false, code: status.code, message: status.message }],
  };
}
