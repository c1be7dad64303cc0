// No credential ever appears in any output, report or log. The redactor knows the run's
// secrets and every form they travel in (the MD5 of the password, the Basic header value,
// URL-encoded copies), and masks them in any text; it also masks the auth headers by shape,
// whatever their value.
import { createHash } from 'node:crypto';
import type { Auth } from './config/index.ts';

export const MASK = '***';

export type Redact = (text: string) => string;

/** A redactor that can learn a secret met during the run (an OAuth access token). */
export type LiveRedact = Redact & { remember(secret: string): void };

export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The vendor's Basic header value: base64(username + ":" + md5hex(password)). */
export function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${md5hex(password)}`, 'utf8').toString('base64');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every form a secret may take in a text. */
function forms(secret: string): string[] {
  const out = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  out.add(Buffer.from(secret, 'utf8').toString('base64'));
  return [...out].filter((s) => s.length >= 3);
}

const HEADER_SHAPES: [RegExp, string][] = [
  [/(authorization["']?\s*[:=]\s*["']?\s*(?:basic|bearer)\s+)[A-Za-z0-9+/=._~-]+/gi, `$1${MASK}`],
  [/(x-cap-api-oauth-token["']?\s*[:=]\s*["']?\s*)[^\s"',}]+/gi, `$1${MASK}`],
];

export function createRedactor(auth: Auth, extraSecrets: string[] = []): LiveRedact {
  const secrets: string[] = [...extraSecrets];
  if (auth.basic) {
    const { username, password } = auth.basic;
    secrets.push(password, md5hex(password), basicToken(username, password), `${username}:${md5hex(password)}`, `${username}:${password}`);
  }
  if (auth.oauthToken) secrets.push(auth.oauthToken);
  if (auth.oauth) secrets.push(auth.oauth.key, auth.oauth.secret);
  let pattern: RegExp | null = null;
  const compile = () => {
    const all = [...new Set(secrets.flatMap(forms))].sort((a, b) => b.length - a.length);
    pattern = all.length ? new RegExp(all.map(escapeRegExp).join('|'), 'g') : null;
  };
  compile();
  const redact = (text: string) => {
    let out = String(text);
    for (const [re, replacement] of HEADER_SHAPES) out = out.replace(re, replacement);
    return pattern ? out.replace(pattern, MASK) : out;
  };
  return Object.assign(redact, {
    remember(secret: string) {
      if (secret.length < 3 || secrets.includes(secret)) return;
      secrets.push(secret);
      compile();
    },
  });
}
