// POST /v3/oauth/token/generate (FACTS.md, "Authentication"): {"key", "secret"} in, 
// {"data":{"accessToken","ttlSeconds"},"errors":null} out. The token is then accepted as
// X-CAP-API-OAUTH-TOKEN until its ttl runs out; after that it is refused with 401, as an
// expired token is. The ttl is settable (startSimulator({ tokenTtlSeconds }), --token-ttl)
// so tests can cross an expiry in a second or two. The pages document no error body for this
// endpoint: wrong key or secret -> 401 with the v2 error envelope, a body that is not
// {"key": string, "secret": string} -> 400.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HTTP_MESSAGES } from '../codes.ts';
import { type Answer, failure, isObject, json } from '../http.ts';

export const OAUTH_TOKEN_PATH = '/v3/oauth/token/generate';
/** The vendor's default lifetime in the documented example. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300;
/** Tokens issued and not yet expired are kept; a bound so a long load test cannot grow it forever. */
const MAX_LIVE_TOKENS = 10_000;

export interface OAuthClient {
  key: string;
  secret: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function randomOAuthClient(): OAuthClient {
  return { key: `simulator-${randomBytes(6).toString('hex')}`, secret: randomBytes(18).toString('base64url') };
}

export class TokenIssuer {
  /** token -> expiry (ms epoch). */
  private readonly live = new Map<string, number>();
  issued = 0;

  constructor(readonly client: OAuthClient, readonly ttlSeconds: number, private readonly now: () => number = Date.now) {}

  /** Whether this token was issued here and has not expired. */
  accepts(token: string): boolean {
    const expires = this.live.get(token);
    if (expires === undefined) return false;
    if (this.now() < expires) return true;
    this.live.delete(token);
    return false;
  }

  generate(body: unknown): Answer {
    if (!isObject(body) || typeof body.key !== 'string' || typeof body.secret !== 'string') {
      return failure(400, 400, 'key and secret are required');
    }
    if (!same(body.key, this.client.key) || !same(body.secret, this.client.secret)) return failure(401, 401, HTTP_MESSAGES[401]);
    const now = this.now();
    if (this.live.size >= MAX_LIVE_TOKENS) {
      for (const [token, expires] of this.live) if (expires <= now) this.live.delete(token);
      if (this.live.size >= MAX_LIVE_TOKENS) this.live.delete(this.live.keys().next().value!);
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.live.set(accessToken, now + this.ttlSeconds * 1000);
    this.issued += 1;
    return json(200, { data: { accessToken, ttlSeconds: this.ttlSeconds }, errors: null });
  }
}
