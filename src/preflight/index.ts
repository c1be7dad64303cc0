// The preflight: before any rule, a few read-only requests (dry runs of bulk redeem, one per
// fixtures customer, at most 5) that prove the host answers, is this vendor's API, accepts the
// credentials, and has each fixtures customer. A new user's first run against their vendor
// usually has a wrong password, a wrong base URL or a customer that does not exist there:
// the preflight names that cause in one sentence (and the fixtures key) instead of a wall of
// failures. The unknown-customer codes come from the contract (x-situations), not literals.
//
// isVacuous: a run in which every answer was 401, 403, 404 or 429 tested nothing.
import type { ApiRequest, Client, Exchange } from '../client/index.ts';
import type { Fixtures } from '../config/index.ts';
import { codesIn } from '../contract/envelopes.ts';
import type { Contract } from '../contract/index.ts';
import { isObject } from '../util/json.ts';

/** At most this many requests. */
export const PREFLIGHT_MAX_REQUESTS = 5;
/** A coupon code no host has: the dry run then stops at the customer or the coupon, never redeems. */
export const PREFLIGHT_COUPON = 'CONFORMANCE-PREFLIGHT-NO-SUCH-COUPON';

export type PreflightResult =
  | { ok: true; requests: number }
  | { ok: false; cause: string; key?: string; requests: number };

export interface PreflightInput {
  client: Client;
  contract: Contract;
  fixtures: Pick<Fixtures, 'customers'>;
}

const OPERATION = 'bulkRedeemCoupons' as const;
/** Transport errors that mean the host cannot be reached at all (src/client describeTransportError). */
const UNREACHABLE = /connection refused|does not resolve|certificate|self[- ]signed|EPROTO|ENETUNREACH|EHOSTUNREACH/i;
const CREDENTIALS_REJECTED = 'the credentials were rejected (--username/--password or --oauth-token)';


/** Why this answer is not the vendor's API, or null when it is one of its documented envelopes. */
function notVendor(ex: Exchange, host: string): string | null {
  const res = ex.response!;
  const type = res.contentType ?? 'no content type';
  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(res.text)) {
    return `${host} answered ${ex.method} ${new URL(ex.url).pathname} with an HTML page (HTTP ${res.status}), not the vendor's API: check --base-url`;
  }
  if (res.status === 404) return `${host} has no ${new URL(ex.url).pathname} (HTTP 404): check --base-url, it should be the root of the vendor's API`;
  if (res.json === undefined || !isObject(res.json)) {
    return `${host} answered HTTP ${res.status} with a body that is not a JSON object (${res.jsonError ?? type}), not the vendor's API: check --base-url`;
  }
  if (codesIn(res.json).length === 0) {
    return `${host} answered HTTP ${res.status} with JSON that is none of the vendor's documented envelopes (no status code in it): check --base-url`;
  }
  return null;
}

/**
 * Runs the preflight. Read-only: only dry runs (the contract's dry-run parameter = true) of
 * bulk redeem with a coupon code that does not exist. Stops at the first cause found.
 * `requests` counts the HTTP requests the client sent (its 429 retries included; a token
 * request for OAuth key/secret is not counted).
 */
export async function preflight({ client, contract, fixtures }: PreflightInput): Promise<PreflightResult> {
  const startRequests = client.requests;
  const sent = () => client.requests - startRequests;
  const host = client.options.redact(client.options.baseUrl);
  const dryRunQuery = contract.dryRunQuery();
  const unknownCustomer = new Set(contract.codes(OPERATION, 'unknown-customer'));
  const customers = fixtures.customers.slice(0, PREFLIGHT_MAX_REQUESTS);

  for (const [i, customer] of customers.entries()) {
    if (sent() >= PREFLIGHT_MAX_REQUESTS) break;
    const key = `customers[${i}]`;
    const req: ApiRequest = {
      operation: OPERATION,
      query: dryRunQuery,
      // The form every reading accepts (x-readings), so a host that checks the fields first still
      // reaches the customer: billAmount a decimal string and a transactionNumber (a vendor may
      // require them), no redemptionTime (a vendor may parse only one of its two documented forms).
      body: {
        redemptionRequestList: [{ code: PREFLIGHT_COUPON }],
        transactionNumber: `conformance-preflight-${i + 1}`,
        user: { mobile: customer.mobile },
        billAmount: '1000',
      },
    };
    const ex = await client.send(req);
    if (!ex.response) {
      // attempts 0: nothing was sent (an OAuth key/secret the token endpoint refused, say).
      if (ex.attempts === 0) return { ok: false, cause: ex.error ?? 'the request was not sent', requests: sent() };
      // Unreachable (nothing listening, a name that does not resolve, TLS refused): one sentence, exit 2.
      // A host that accepted the connection and then hung or reset it is judged by the run, check by check.
      if (!UNREACHABLE.test(ex.error ?? '')) return { ok: true, requests: sent() };
      return { ok: false, cause: `${host} cannot be reached: ${ex.error}`, requests: sent() };
    }
    const { status, json } = ex.response;
    if (status === 401 || status === 403) return { ok: false, cause: CREDENTIALS_REJECTED, requests: sent() };
    if (status === 429) {
      return { ok: false, cause: `${host} kept answering 429 (rate limited) to a single dry run: lower --max-rpm or try later`, requests: sent() };
    }
    // A 5xx is the host failing, which the run reports; the preflight only says "not this API" of other answers.
    const why = status < 500 ? notVendor(ex, host) : null;
    if (why) return { ok: false, cause: why, requests: sent() };
    const found = codesIn(json).filter((c) => unknownCustomer.has(c));
    if (found.length) {
      return {
        ok: false, key,
        cause: `the fixtures customer ${key} (id ${customer.id}) does not exist on ${host}: a dry run for its mobile answered code ${found[0]} (${contract.messageOf(OPERATION, found[0]!) ?? 'unknown customer'})`,
        requests: sent(),
      };
    }
  }
  return { ok: true, requests: sent() };
}

/** True when there was at least one answer and every answer was 401, 403, 404 or 429: nothing was tested. */
export function isVacuous(statuses: readonly number[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s === 401 || s === 403 || s === 404 || s === 429);
}
