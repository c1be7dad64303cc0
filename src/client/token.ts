// OAuth as the vendor documents it (FACTS.md, "Authentication"): POST /v3/oauth/token/generate
// with {"key", "secret"} answers {"data":{"accessToken","ttlSeconds"},"errors":null}; the token
// travels as X-CAP-API-OAUTH-TOKEN. The provider fetches one before the first request and a
// new one once `renewAt` of its ttl has passed (80% by default), so a long run never sends an
// expired token; after a 401 the Client asks for a fresh one once (invalidate). Concurrent
// callers share one token request.
export const OAUTH_TOKEN_PATH = '/v3/oauth/token/generate';

/** Sends the token request: a JSON POST, the answer's status and text (the Client's transport). */
export type PostJson = (url: string, body: string) => Promise<{ status: number; text: string }>;

export interface TokenProviderOptions {
  baseUrl: string;
  key: string;
  secret: string;
  post: PostJson;
  /** Fraction of ttlSeconds after which the token is renewed (default 0.8). */
  renewAt?: number;
  now?: () => number;
  /** Told every token obtained (the redactor learns it). */
  onToken?: (token: string) => void;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export class TokenProvider {
  private current: { token: string; renewAfter: number } | null = null;
  private inflight: Promise<string> | null = null;
  /** Tokens obtained so far (each one a POST to the token endpoint). */
  fetched = 0;

  constructor(private readonly options: TokenProviderOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A live token: the cached one, or a new one when it is due for renewal. */
  async token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAfter) return this.current.token;
    return (this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    }));
  }

  /** The host refused this token (401): the next token() gets a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async fetch(): Promise<string> {
    const { baseUrl, key, secret, post } = this.options;
    const url = `${baseUrl}${OAUTH_TOKEN_PATH}`;
    const started = this.now();
    let answer: { status: number; text: string };
    try {
      answer = await post(url, JSON.stringify({ key, secret }));
    } catch (err) {
      throw new TokenError(`POST ${OAUTH_TOKEN_PATH} got no answer: ${(err as Error).message}`);
    }
    if (answer.status === 401 || answer.status === 403) {
      throw new TokenError(`POST ${OAUTH_TOKEN_PATH} answered ${answer.status}: the OAuth key and secret were rejected (--oauth-key/--oauth-secret)`);
    }
    let data: { accessToken?: unknown; ttlSeconds?: unknown } | undefined;
    try {
      data = (JSON.parse(answer.text) as { data?: typeof data })?.data;
    } catch {
      data = undefined;
    }
    if (answer.status !== 200 || typeof data?.accessToken !== 'string' || data.accessToken === '' || typeof data.ttlSeconds !== 'number' || !(data.ttlSeconds > 0)) {
      throw new TokenError(`POST ${OAUTH_TOKEN_PATH} answered ${answer.status} without the documented {"data":{"accessToken","ttlSeconds"}}`);
    }
    this.fetched++;
    this.options.onToken?.(data.accessToken);
    const renewAt = this.options.renewAt ?? 0.8;
    this.current = { token: data.accessToken, renewAfter: started + data.ttlSeconds * 1000 * renewAt };
    return data.accessToken;
  }
}
