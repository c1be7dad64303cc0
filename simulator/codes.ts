// Status codes and messages, one table per vendor page family. The vendor warns that codes
// mean different things in different APIs, so the coupon table and the points table are
// kept apart and never mixed.

/** Coupon APIs (POST /v2/coupon/issue, POST /v2/coupon/bulk/redeem, PUT /v2/coupon/redeem). */
export const COUPON_CODES = {
  500: 'All requests have failed due to errors',
  510: 'Invalid Redemption ids present',
  629: 'Invalid Input',
  661: 'No Redemption id passed',
  700: 'Coupon processing successful',
  701: 'The customer could not be found. Please check mobile, email, external id passed',
  702: 'Coupon code is invalid',
  703: 'Coupon not issued to this customer',
  709: 'Coupon processing failed',
  710: 'Coupon is not meant for this customer',
  707: 'Coupon Series ID is invalid',
  711: 'Coupon is already used',
  718: 'Transaction number needed for redemption',
  719: 'Coupon code does not exist',
  721: 'Invalid customer',
  723: 'Coupon not issued to this customer',
  716: 'Cannot redeem same Coupon multiple times',
  746: 'Please provide series id',
  747: 'Multiple redemption not allowed',
  749: 'Coupon Redeem/isRedeem failed because of failure on other coupons in the batch',
  755: 'invalid coupon series id',
  761: 'Coupon redemption update successful',
  762: 'Coupon redemption update partially successful',
  780: 'Coupon not found',
  781: 'Either coupon ID or coupon code is missing',
  1060: 'Batch limit size exceeded',
} as const;
export type CouponCode = keyof typeof COUPON_CODES;

/** The dry-run (is_redeemable=true) success message; same code 700. */
export const DRY_RUN_MESSAGE = 'Coupon isRedeem successful';

/** Points redemption update (PUT /v2/points/updateRedemption), its "API-specific error codes". */
export const POINTS_CODES = {
  748: 'No metadata update requested.',
  749: 'Exactly one redemption identifier needed to identify redemption.',
  750: 'Redemption update failed : {0}.',
  1212: 'Entity type passed is not valid.',
  1219: 'Entity details not set/invalid.',
  8015: 'Invalid or malformed identifier provided in request body.',
} as const;
export type PointsCode = keyof typeof POINTS_CODES;

/** HTTP-level answers the vendor pages do not word; the simulator's own choices (see README). */
export const HTTP_MESSAGES = {
  401: 'Authentication failed. Please check username and password.',
  404: 'Resource not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  429: 'Too many requests',
  521: 'Multiple actions are running for the same customer',
} as const;

export function couponMessage(code: CouponCode): string {
  return COUPON_CODES[code];
}

/** Fills the `{0}` placeholder of a points message, e.g. 750 with "Redemption not found". */
export function pointsMessage(code: PointsCode, arg?: string): string {
  const text: string = POINTS_CODES[code];
  return arg === undefined ? text : text.replace('{0}', arg);
}
