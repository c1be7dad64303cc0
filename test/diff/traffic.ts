// A small seeded suite for the differential tests: the same list of requests, built from the
// generators with a fixed seed, sent to one host with that host's fixtures, each exchange
// recorded under its key `<rule>#<ordinal>` as the runner will record it. Valid and invalid
// requests of every operation: issue, bulk redeem (real and dry run), coupon update, points update.
import fc from 'fast-check';
import { Client, type ApiRequest } from '../../src/client/index.ts';
import { getContract, type OperationId } from '../../src/contract/index.ts';
import type { Fixtures } from '../../src/config/index.ts';
import { createRedactor } from '../../src/redact.ts';
import { bulkRedeemRequest, couponUpdateRequest, issueCouponRequest, pointsUpdateRequest, type Body, type OperationConstraints } from '../../generators/requests.ts';
import { MUTATORS } from '../../generators/mutators.ts';
import type { RecordedExchange } from '../../src/diff/index.ts';

export const SEED = 170217;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One seeded draw of an arbitrary: the n-th value of the seed's sample. */
function draw<T>(arbitrary: fc.Arbitrary<T>, seed: number, n = 0): T {
  return fc.sample(arbitrary, { seed, numRuns: n + 1 })[n];
}

export interface Host {
  baseUrl: string;
  fixtures: Fixtures & { auth?: { username?: string; password?: string } };
}

/** Sends the seeded suite to a host; returns every exchange, keyed. Bounded: about 60 requests. */
export async function runTraffic(host: Host, seed = SEED): Promise<RecordedExchange[]> {
  const contract = getContract();
  const { username = '', password = '' } = host.fixtures.auth ?? {};
  const auth = { basic: { username, password } };
  const client = new Client(contract, { baseUrl: host.baseUrl, auth, timeoutMs: 5000, maxRpm: null, remote: false, allowWrites: true, redact: createRedactor(auth), breakAfter: 100 });
  const f = host.fixtures;
  const [c0, c1] = f.customers;
  const out: RecordedExchange[] = [];
  const ordinals = new Map<string, number>();

  async function send(rule: string, req: ApiRequest): Promise<unknown> {
    const ordinal = ordinals.get(rule) ?? 0;
    ordinals.set(rule, ordinal + 1);
    const ex = await client.send(req);
    const url = new URL(ex.url);
    const res = ex.response;
    out.push({
      key: `${rule}#${ordinal}`,
      operation: req.operation,
      request: { method: ex.method, path: `${url.pathname}${url.search}`, body: req.body ?? req.rawBody, curl: ex.curl },
      response: res ? { status: res.status, headers: res.headers, body: res.json ?? res.text } : null,
      ...(ex.error ? { error: ex.error } : {}),
    });
    return res?.json;
  }

  /** Issues a coupon to `customer` from a generated request; returns its code (whatever the host calls the field). */
  async function issue(rule: string, customer: typeof c0, n: number): Promise<string> {
    const body = draw(issueCouponRequest({ contract, seriesId: f.seriesId, customers: [customer] }), seed, n);
    const answer = await send(rule, { operation: 'issueCoupon', body });
    const code = isObject(answer) ? (answer.code ?? answer.couponCode) : undefined;
    if (typeof code !== 'string') throw new Error(`${host.baseUrl}: the issue answer has no coupon code: ${JSON.stringify(answer)}`);
    return code;
  }

  const redemptionIdsOf = (answer: unknown): number[] =>
    isObject(answer) && Array.isArray(answer.response)
      ? answer.response.map((e) => Number((e as { result?: { redemptionId?: unknown } }).result?.redemptionId)).filter((id) => Number.isSafeInteger(id) && id > 0)
      : [];

  // Issue: valid requests to any customer by any identifier, and one of each invalid kind.
  for (let i = 0; i < 3; i++) await send('issue.valid', { operation: 'issueCoupon', body: draw(issueCouponRequest({ contract, seriesId: f.seriesId, customers: f.customers }), seed, i) });
  const pool: string[] = [];
  for (let i = 0; i < 6; i++) pool.push(await issue('issue.pool', c0, i));
  const foreign = await issue('issue.foreign', c1, 0);

  const constraints = (codes: string[]): OperationConstraints => ({
    issueCoupon: { contract, seriesId: f.seriesId, customers: f.customers },
    bulkRedeemCoupons: { contract, customer: c0, customers: f.customers, codes },
    updateCouponRedemption: { contract, customer: c0, redemptionIds: [1] },
    updatePointsRedemption: { contract, redemptions: f.pointsRedemptions },
  });

  const sendInvalid = async <K extends OperationId>(operation: K, c: OperationConstraints[K]) => {
    for (const mutator of MUTATORS[operation] as { name: string; arbitrary(c: OperationConstraints[K]): fc.Arbitrary<{ body?: unknown; rawBody?: string }> }[]) {
      if (mutator.name === 'over-limit-list') continue; // needs more than bulkMax coupons
      const r = draw(mutator.arbitrary(c), seed);
      await send(`${operation}.invalid.${mutator.name}`, { operation, ...(r.rawBody !== undefined ? { rawBody: r.rawBody } : { body: r.body }) });
    }
  };
  await sendInvalid('issueCoupon', constraints(pool).issueCoupon);

  // Bulk redeem: a dry run of two pool coupons, a real redemption of two, a batch with an unknown coupon, then a dry run of what that batch held.
  const pair = (codes: string[]) => draw(bulkRedeemRequest({ contract, customer: c0, customers: f.customers, codes, size: { min: codes.length, max: codes.length } }), seed);
  await send('bulk.dry-run', { operation: 'bulkRedeemCoupons', query: { is_redeemable: 'true' }, body: pair(pool.slice(0, 2)) });
  const redeemed = await send('bulk.redeem', { operation: 'bulkRedeemCoupons', body: pair(pool.slice(0, 2)) });
  const unknownCoupon = MUTATORS.bulkRedeemCoupons.find((m) => m.name === 'unknown-coupon-code')!;
  await send('bulk.atomic', { operation: 'bulkRedeemCoupons', body: draw(unknownCoupon.arbitrary({ ...constraints(pool.slice(2, 4)).bulkRedeemCoupons, size: { min: 2, max: 2 } }), seed).body });
  await send('bulk.after-atomic', { operation: 'bulkRedeemCoupons', query: { is_redeemable: 'true' }, body: pair(pool.slice(2, 4)) });
  await send('bulk.already-used', { operation: 'bulkRedeemCoupons', body: pair(pool.slice(0, 1)) });
  const foreignRedeemed = await send('bulk.redeem-foreign-customer', {
    operation: 'bulkRedeemCoupons',
    body: draw(bulkRedeemRequest({ contract, customer: c1, customers: f.customers, codes: [foreign], size: { min: 1, max: 1 } }), seed),
  });
  await sendInvalid('bulkRedeemCoupons', constraints(pool.slice(4, 6)).bulkRedeemCoupons);

  // Coupon update: the customer's own redemptions; then one of its own with another customer's (a partial update).
  const own = redemptionIdsOf(redeemed);
  const other = redemptionIdsOf(foreignRedeemed);
  if (own.length) {
    await send('update.valid', { operation: 'updateCouponRedemption', body: draw(couponUpdateRequest({ contract, customer: c0, redemptionIds: own }), seed) });
    if (other.length) {
      const mine = draw(couponUpdateRequest({ contract, customer: c0, redemptionIds: own.slice(0, 1) }), seed, 1) as Body & { redemptions: unknown[] };
      const theirs = draw(couponUpdateRequest({ contract, customer: c0, redemptionIds: other }), seed, 2) as Body & { redemptions: unknown[] };
      await send('update.partial', { operation: 'updateCouponRedemption', body: { ...mine, redemptions: [...mine.redemptions.slice(0, 1), ...theirs.redemptions.slice(0, 1)] } });
    }
    await sendInvalid('updateCouponRedemption', { contract, customer: c0, redemptionIds: own });
  }

  // Points update: valid updates of the fixtures' redemptions, and one of each invalid kind.
  for (let i = 0; i < 3; i++) await send('points.valid', { operation: 'updatePointsRedemption', body: draw(pointsUpdateRequest({ contract, redemptions: f.pointsRedemptions }), seed, i) });
  await sendInvalid('updatePointsRedemption', constraints(pool).updatePointsRedemption);
  return out;
}
