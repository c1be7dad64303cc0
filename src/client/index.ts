// The one request layer of the suite, on pactum: base URL, the vendor's Basic auth (MD5
// before Base64) or the OAuth header, a per-request deadline, keep-alive (Node's global
// agent), a client-side rate limit, 429 + Retry-After honoured with bounded retries, a
// request log, and a curl rendering of every request with credentials redacted.
// Writes are guarded: against a remote host without --allow-writes, a request that would
// change state on a conforming host is never sent. OAuth key + secret: a token from the
// vendor's token endpoint, renewed before it expires (token.ts). HTTPS_PROXY / HTTP_PROXY /
// NO_PROXY are honoured as curl does (proxy.ts).
import pactum from 'pactum';
import type { Contract, OperationId } from '../contract/index.ts';
import type { Auth } from '../config/index.ts';
import { basicToken, type LiveRedact, type Redact } from '../redact.ts';
import type { ExchangeRecord } from '../results/types.ts';
import { ProxyAgents } from './proxy.ts';
import { retryAfterMs } from './rate-limiter.ts';
import { TokenProvider } from './token.ts';
import { RequestGate, customerKeyOf } from './customer-lock.ts';
import type { Fixtures } from '../config/index.ts';

export { TokenError, TokenProvider } from './token.ts';
export { sameCustomerTogether, customerKeyOf, withPriority } from './customer-lock.ts';

pactum.settings.setLogLevel('SILENT');

export interface ApiRequest {
  operation: OperationId;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as it is (malformed JSON, oversized payloads). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** 'configured' (default): the run's credentials; 'none'; or explicit Basic credentials (a wrong password). */
  auth?: 'configured' | 'none' | { basic: { username: string; password: string } };
  /** The check (rule id) sending it, for the request log. */
  check?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  text: string;
  /** The parsed body; undefined when it is not JSON (see jsonError). */
  json: unknown;
  jsonError?: string;
}

export interface Exchange {
  request: ApiRequest;
  method: string;
  url: string;
  curl: string;
  durationMs: number;
  attempts: number;
  response?: ApiResponse;
  /** What happened, in plain words, when no response arrived. */
  error?: string;
}

export class WriteBlockedError extends Error {
  constructor(readonly operation: string) {
    super(`not sent: ${operation} would change state on the host, which is remote, and --allow-writes is not set`);
    this.name = 'WriteBlockedError';
  }
}

export interface ClientOptions {
  baseUrl: string;
  auth: Auth;
  timeoutMs: number;
  maxRpm: number | null;
  remote: boolean;
  allowWrites: boolean;
  redact: Redact;
  /** Retries of a 429 answer, each after its Retry-After (capped). */
  max429Retries?: number;
  maxRetryWaitMs?: number;
  /**
   * After this many requests in a row to one operation got no answer (timeout, reset), the
   * client stops sending to that operation for the rest of the run: a host that hangs costs
   * a few timeouts, not one per request. Default 3.
   */
  breakAfter?: number;
  /**
   * The fixtures: a request that names one of their customers (by any identifier) is never
   * in flight together with another request for that customer (HTTP 521, customer-lock.ts).
   */
  fixtures?: Pick<Fixtures, 'customers' | 'pointsRedemptions'>;
}

const MAX_LOG = 20_000;

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Plain words for a transport error. */
export function describeTransportError(err: unknown, timeoutMs: number): string {
  const e = err as NodeJS.ErrnoException & { message?: string };
  const code = e?.code ?? '';
  const msg = e?.message ?? String(err);
  if (code === 'DEADLINE' || /timeout reached|aborted/i.test(msg)) return `no answer within ${timeoutMs} ms (the request timed out)`;
  if (code === 'ECONNRESET' || /socket hang up/i.test(msg)) return 'the host closed or reset the connection without answering';
  if (code === 'ECONNREFUSED') return 'connection refused: nothing is listening at that address';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (/Server aborted request/i.test(msg)) return 'the host aborted the answer midway';
  return `the request failed: ${msg}`;
}

export class Client {
  /** The rate limit and the customer lock: where every request waits for its start. */
  private readonly gate: RequestGate;
  readonly log: ExchangeRecord[] = [];
  /** The request log's clock: startMs is measured from here. */
  private readonly born = performance.now();
  requests = 0;
  blocked = 0;
  /** Per operation: requests in a row that got no answer, and the last reason. */
  private readonly silence = new Map<OperationId, { count: number; last: string }>();

  private readonly proxies = new ProxyAgents();
  /**
   * The host's rate limit as met: answers 429, the time the run paused for them, and how many
   * requests had started in the minute before the first one (what the host let through).
   */
  readonly rateLimited = { answers: 0, pausedMs: 0, startedInMinuteBeforeFirst: 0 };
  private readonly starts: number[] = [];
  /** Requests in flight now, and the most at once (the overlap's measure). */
  inFlight = 0;
  maxInFlight = 0;
  /** With --oauth-key/--oauth-secret (and no Basic credentials): the token source. */
  readonly tokens: TokenProvider | null;

  constructor(private readonly contract: Contract, readonly options: ClientOptions) {
    this.gate = new RequestGate(options.maxRpm);
    const { oauth, basic } = options.auth;
    this.tokens = oauth && !basic
      ? new TokenProvider({
          baseUrl: options.baseUrl, key: oauth.key, secret: oauth.secret,
          post: (url, body) => this.postToken(url, body),
          onToken: (token) => (options.redact as Partial<LiveRedact>).remember?.(token),
        })
      : null;
  }

  /** The token request: through the rate limit and the proxy, not counted among the checks' requests. */
  private async postToken(url: string, body: string): Promise<{ status: number; text: string }> {
    (await this.gate.acquire(undefined))();
    const spec = pactum.spec().withMethod('POST').withPath(url)
      .withHeaders({ Accept: 'application/json', 'Content-Type': 'application/json' })
      .withBody(body).withRequestTimeout(this.options.timeoutMs);
    this.useProxy(spec, url);
    let res: { statusCode?: number; text?: string };
    try {
      res = (await spec.toss()) as typeof res;
    } catch (err) {
      throw new Error(describeTransportError(err, this.options.timeoutMs));
    }
    if (typeof res.statusCode !== 'number') throw new Error(describeTransportError(res, this.options.timeoutMs));
    return { status: res.statusCode, text: res.text ?? '' };
  }

  /**
   * Sends the request through the proxy the environment names for its URL, if any. Set on
   * pactum's request options directly: withCore() deep-copies its argument, which turns an
   * Agent into a plain object.
   */
  private useProxy(spec: unknown, url: string): void {
    const agent = this.proxies.agentFor(url);
    if (!agent) return;
    const request = (spec as { _request: { core?: Record<string, unknown> } })._request;
    request.core = { ...request.core, agent };
  }

  /** Closes the proxy connections kept alive (a no-op without a proxy). */
  close(): void {
    this.proxies.destroy();
  }

  get writesAllowed(): boolean {
    return !this.options.remote || this.options.allowWrites;
  }

  /** The configured Basic token (MD5 + Base64), computed once. */
  private configuredBasic: string | undefined;

  private headersFor(req: ApiRequest, token?: string): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (req.body !== undefined || req.rawBody !== undefined) headers['Content-Type'] = 'application/json';
    const auth = req.auth ?? 'configured';
    if (auth === 'configured') {
      const { basic, oauthToken } = this.options.auth;
      if (basic) headers.Authorization = `Basic ${(this.configuredBasic ??= basicToken(basic.username, basic.password))}`;
      else if (token) headers['X-CAP-API-OAUTH-TOKEN'] = token;
      else if (oauthToken) headers['X-CAP-API-OAUTH-TOKEN'] = oauthToken;
    } else if (auth !== 'none') {
      headers.Authorization = `Basic ${basicToken(auth.basic.username, auth.basic.password)}`;
    }
    return { ...headers, ...req.headers };
  }

  /**
   * A write request: it goes to an operation that changes state (x-writes: issue, redeem,
   * update) and is not a dry run. Requests a conforming host must refuse count too: a host
   * that wrongly accepted one would change state, so against a remote host without
   * --allow-writes none is sent.
   */
  isWrite(req: ApiRequest): boolean {
    const op = this.contract.operation(req.operation);
    const dryRun = this.contract.profile.dryRunParameter.value;
    return op.writes && req.query?.[dryRun] !== 'true';
  }

  urlFor(req: ApiRequest): string {
    const op = this.contract.operation(req.operation);
    const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query).toString()}` : '';
    return `${this.options.baseUrl}${op.path}${query}`;
  }

  curl(method: string, url: string, headers: Record<string, string>, body: string | undefined): string {
    const parts = ['curl -sS', `-X ${method}`, quote(url)];
    for (const [k, v] of Object.entries(headers)) parts.push(`-H ${quote(`${k}: ${v}`)}`);
    if (body !== undefined) parts.push(`--data-raw ${quote(body.length > 4000 ? `${body.slice(0, 4000)}...(${body.length} bytes)` : body)}`);
    return this.options.redact(parts.join(' '));
  }

  /** Sends one request. Never throws for what the host does; throws WriteBlockedError before sending a forbidden write. */
  async send(req: ApiRequest): Promise<Exchange> {
    const op = this.contract.operation(req.operation);
    const method = op.method.toUpperCase();
    const url = this.urlFor(req);
    if (this.isWrite(req) && !this.writesAllowed) {
      this.blocked++;
      throw new WriteBlockedError(`${method} ${op.path}`);
    }
    const usesToken = this.tokens !== null && (req.auth ?? 'configured') === 'configured';
    let token: string | undefined;
    if (usesToken) {
      try {
        token = await this.tokens!.token();
      } catch (err) {
        const headers = this.headersFor(req);
        return { request: req, method, url, curl: this.curl(method, url, headers, undefined), durationMs: 0, attempts: 0, error: this.options.redact((err as Error).message) };
      }
    }
    let headers = this.headersFor(req, token);
    const body = req.rawBody ?? (req.body !== undefined ? JSON.stringify(req.body) : undefined);
    let curl = this.curl(method, url, headers, body);
    const breakAfter = this.options.breakAfter ?? 3;
    const broken = (): Exchange | undefined => {
      const silent = this.silence.get(req.operation);
      if (!silent || silent.count < breakAfter) return undefined;
      return {
        request: req, method, url, curl, durationMs: 0, attempts: 0,
        error: `not sent: the last ${silent.count} requests to ${method} ${op.path} got no answer (${silent.last}); the suite stopped sending to it`,
      };
    };
    const stopped = broken();
    if (stopped) return stopped;
    const started = performance.now();
    const maxRetries = this.options.max429Retries ?? 3;
    let attempts = 0;
    let renewed = false;
    let exchange: Exchange;
    const customer = customerKeyOf(req, this.options.fixtures);
    for (;;) {
      attempts++;
      // The rate limit's next start, for a request whose customer has no other request in flight.
      const release = await this.gate.acquire(customer);
      // The operation may have gone silent while this request waited its turn.
      const silenced = attempts === 1 ? broken() : undefined;
      if (silenced) {
        release();
        return silenced;
      }
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      try {
        exchange = await this.attempt(req, method, url, headers, body, curl);
      } finally {
        this.inFlight--;
        release();
      }
      const res = exchange.response;
      if (res?.status === 401 && usesToken && !renewed) {
        // The token may have been revoked or expired early: one fresh token, one more try.
        renewed = true;
        this.tokens!.invalidate(token!);
        try {
          token = await this.tokens!.token();
        } catch {
          break;
        }
        headers = this.headersFor(req, token);
        curl = this.curl(method, url, headers, body);
        continue;
      }
      if (res?.status === 429) this.metRateLimit();
      if (!res || res.status !== 429 || attempts > maxRetries) break;
      // The host's rate limit: every request of the run waits out its Retry-After (the gate pauses), then this one is tried again.
      const pauseMs = Math.min(retryAfterMs(res.headers['retry-after']) ?? 1000, this.options.maxRetryWaitMs ?? 30_000);
      this.rateLimited.pausedMs += this.gate.pause(pauseMs);
    }
    exchange.attempts = attempts;
    exchange.durationMs = Math.round(performance.now() - started);
    if (exchange.response) this.silence.delete(req.operation);
    else {
      const count = (this.silence.get(req.operation)?.count ?? 0) + 1;
      this.silence.set(req.operation, { count, last: exchange.error ?? 'no answer' });
    }
    return exchange;
  }

  /** A 429: counted; the first one also notes how many requests had started in the minute before it. */
  private metRateLimit(): void {
    if (this.rateLimited.answers++ === 0) {
      const since = performance.now() - 60_000;
      this.rateLimited.startedInMinuteBeforeFirst = this.starts.filter((t) => t >= since).length - 1;
    }
  }

  private async attempt(req: ApiRequest, method: string, url: string, headers: Record<string, string>, body: string | undefined, curl: string): Promise<Exchange> {
    const { timeoutMs } = this.options;
    const started = performance.now();
    this.requests++;
    // The last minute's starts, until the first 429 (metRateLimit reads them).
    if (this.rateLimited.answers === 0) {
      this.starts.push(started);
      if (this.starts.length > 4096) this.starts.splice(0, this.starts.length - 4096);
    }
    const spec = pactum.spec().withMethod(method).withPath(url).withHeaders(headers).withRequestTimeout(timeoutMs);
    if (body !== undefined) spec.withBody(body);
    this.useProxy(spec, url);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { code: 'DEADLINE' })), timeoutMs + 250);
    });
    const pending = spec.toss() as Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; text?: string }>;
    pending.catch(() => undefined); // a late failure after the deadline is already reported
    const exchange: Exchange = { request: req, method, url, curl, durationMs: 0, attempts: 1 };
    try {
      const res = await Promise.race([pending, deadline]);
      const text = res.text ?? '';
      const contentType = res.headers['content-type'] as string | undefined;
      let json: unknown;
      let jsonError: string | undefined;
      try {
        json = text.length ? JSON.parse(text) : undefined;
        if (!text.length) jsonError = 'the body is empty';
      } catch (err) {
        jsonError = `the body is not valid JSON (${(err as Error).message})`;
      }
      exchange.response = { status: res.statusCode, headers: res.headers, contentType, text, json, jsonError };
    } catch (err) {
      exchange.error = describeTransportError(err, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    exchange.durationMs = Math.round(performance.now() - started);
    if (this.log.length < MAX_LOG) {
      this.log.push({
        method, url: this.options.redact(url), curl, status: exchange.response?.status ?? null, durationMs: exchange.durationMs,
        ...(exchange.error ? { error: exchange.error } : {}),
        ...(req.check ? { check: req.check } : {}),
        startMs: Math.round(started - this.born),
      });
    }
    return exchange;
  }
}
