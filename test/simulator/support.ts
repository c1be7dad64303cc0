// Helpers for the simulator's HTTP-level tests: start simulators (stopped by stopAll in an
// `after` hook), and a small fetch client with the vendor's auth header and a timeout on every call.
import { basicAuthorization, startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';

const running = new Set<Simulator>();

export async function stopAll(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(all.map((s) => s.stop()));
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: any;
}

export type Auth = 'basic' | 'oauth' | 'none' | Record<string, string>;

export interface RequestOptions {
  auth?: Auth;
  /** A raw body sent as is (otherwise `body` is JSON-encoded). */
  raw?: string | Buffer;
  query?: string;
  timeoutMs?: number;
}

export class Client {
  readonly sim: Simulator;
  constructor(sim: Simulator) {
    this.sim = sim;
  }

  get fixtures() {
    return this.sim.fixtures;
  }

  authHeaders(auth: Auth = 'basic'): Record<string, string> {
    const { username, password, oauthToken } = this.sim.fixtures.auth;
    if (auth === 'basic') return { Authorization: basicAuthorization(username, password) };
    if (auth === 'oauth') return { 'X-CAP-API-OAUTH-TOKEN': oauthToken };
    if (auth === 'none') return {};
    return auth;
  }

  async request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Reply> {
    const url = `${this.sim.baseUrl}${path}${options.query ? `?${options.query}` : ''}`;
    const raw = typeof options.raw === 'string' || options.raw === undefined ? options.raw : new Uint8Array(options.raw);
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const res = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', ...this.authHeaders(options.auth) },
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  customer(i: 0 | 1) {
    return this.sim.fixtures.customers[i]!;
  }

  issue(body: unknown, options?: RequestOptions): Promise<Reply> {
    return this.request('POST', '/v2/coupon/issue', body, options);
  }

  /** Issues one coupon of the fixtures series to customer i and returns its code. */
  async issueCode(i: 0 | 1 = 0): Promise<string> {
    const reply = await this.issue({ seriesId: this.fixtures.seriesId, customer: { mobile: this.customer(i).mobile } });
    if (reply.status !== 200) throw new Error(`issue failed: ${reply.status} ${reply.text}`);
    return reply.body.code;
  }

  bulk(body: unknown, options?: RequestOptions): Promise<Reply> {
    return this.request('POST', '/v2/coupon/bulk/redeem', body, options);
  }

  /** Bulk redeem of `codes` for customer i. */
  redeem(codes: string[], i: 0 | 1 = 0, options?: RequestOptions): Promise<Reply> {
    return this.bulk(
      { redemptionRequestList: codes.map((code) => ({ code })), transactionNumber: 'txn-1', billAmount: '3500', user: { mobile: this.customer(i).mobile } },
      options,
    );
  }

  dryRun(codes: string[], i: 0 | 1 = 0): Promise<Reply> {
    return this.redeem(codes, i, { query: 'is_redeemable=true' });
  }

  updateCoupon(body: unknown, options?: RequestOptions): Promise<Reply> {
    return this.request('PUT', '/v2/coupon/redeem', body, options);
  }

  updatePoints(body: unknown, options?: RequestOptions): Promise<Reply> {
    return this.request('PUT', '/v2/points/updateRedemption', body, options);
  }
}

export async function start(options: SimulatorOptions = {}): Promise<Client> {
  const sim = await startSimulator(options);
  running.add(sim);
  return new Client(sim);
}

/** The generic v2 error envelope with one error. */
export function envelope(code: number, message: string) {
  return { warnings: [], errors: [{ status: false, code, message }] };
}

/** Codes of the entries of a bulk redeem answer, in order. */
export function entryCodes(reply: Reply): number[] {
  return reply.body.response.map((e: any) => e.result.redemptionStatus.code);
}

/** Every route of the four endpoints, the dry run included: [method, path, query]. */
export const ENDPOINTS = [
  ['POST', '/v2/coupon/issue', ''],
  ['POST', '/v2/coupon/bulk/redeem', ''],
  ['POST', '/v2/coupon/bulk/redeem', 'is_redeemable=true'],
  ['PUT', '/v2/coupon/redeem', ''],
  ['PUT', '/v2/points/updateRedemption', ''],
] as const;
