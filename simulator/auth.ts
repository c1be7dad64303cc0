// Authentication (FACTS.md, "Authentication"): either
//   Authorization: Basic base64(username + ":" + md5hex(password))   (lower-case hex MD5), or
//   X-CAP-API-OAUTH-TOKEN: <token>.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './http.ts';
import type { Credentials } from './state.ts';

export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The header value a client sends for these credentials. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${md5hex(password)}`, 'utf8').toString('base64')}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `acceptsToken`: whether a token from POST /v3/oauth/token/generate is live (issued here, not expired). */
export function isAuthenticated(headers: IncomingHttpHeaders, credentials: Credentials, acceptsToken?: (token: string) => boolean): boolean {
  const token = headerValue(headers, 'x-cap-api-oauth-token');
  if (token !== undefined && token !== '' && same(token.trim(), credentials.oauthToken)) return true;
  if (token !== undefined && token !== '' && acceptsToken?.(token.trim())) return true;
  const authorization = headerValue(headers, 'authorization');
  const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // The MD5 must be lower-case hex, as the vendor's worked example; a plain password fails.
  const username = decoded.slice(0, colon);
  const hash = decoded.slice(colon + 1);
  return same(username, credentials.username) && same(hash, md5hex(credentials.password));
}
