// Field-by-field comparison of two normalised answers (Diffy's Difference, for JSON): the
// status first; when the statuses agree, the bodies by key (key order never matters) and
// arrays without regard to order: entries matched by their identity (a coupon, a redemption,
// a fixture value the normalisation gave them), otherwise equal entries paired first and the
// rest in order. Paths are JSON-pointer-like with `[]` for "an entry of this array".
import { PLACEHOLDERS, TOKEN_OPEN, type Json, type NormalizedAnswer } from './normalize.ts';
import type { Difference } from './types.ts';

export const STATUS_PATH = '(status)';
export const ROOT_PATH = '/';

const isObject = (v: unknown): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Canonical JSON: keys sorted, so two equal values give one text whatever their key order. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

const GENERIC = new Set<string>(Object.values(PLACEHOLDERS));

/** A token that names one thing (a request entry, a fixture value), so it can identify an entry. */
function identifying(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith(TOKEN_OPEN) && !GENERIC.has(v);
}

/** Where an entry's identity may sit, in order: the bulk entry's coupon, a coupon, a redemption, an id, an identifier's value. */
const IDENTITY_PATHS: string[][] = [['result', 'code'], ['code'], ['couponCode'], ['redemptionId'], ['id'], ['value']];

function identityOf(entry: Json): string | undefined {
  if (!isObject(entry)) return undefined;
  for (const path of IDENTITY_PATHS) {
    let v: Json | undefined = entry;
    for (const k of path) v = isObject(v) ? v[k] : undefined;
    if (identifying(v)) return `${path.join('.')}=${v}`;
  }
  return undefined;
}

function byIdentity(list: Json[]): Map<string, Json> | undefined {
  const map = new Map<string, Json>();
  for (const e of list) {
    const id = identityOf(e);
    if (id === undefined || map.has(id)) return undefined;
    map.set(id, e);
  }
  return map;
}

const child = (path: string, key: string) => `${path === ROOT_PATH ? '' : path}/${key}`;
const entries = (path: string) => `${path === ROOT_PATH ? '' : path}[]`;

export interface CompareOptions {
  /** Paths not compared (exact, or a prefix ending in '/'), optionally for one operation. */
  ignore?: { operation?: string; path: string }[];
}

function ignored(operation: string, path: string, options: CompareOptions): boolean {
  return (options.ignore ?? []).some(
    (i) => (i.operation === undefined || i.operation === operation) && (path === i.path || (i.path.endsWith('/') && path.startsWith(i.path))),
  );
}

/** Differences between two JSON values at `path`, appended to `out`. */
export function compareValues(operation: string, a: Json | undefined, b: Json | undefined, path = ROOT_PATH, out: Difference[] = [], options: CompareOptions = {}): Difference[] {
  if (ignored(operation, path, options)) return out;
  const push = (kind: Difference['kind'], av: unknown, bv: unknown) => out.push({ operation, path, kind, a: av, b: bv });
  if (a === undefined && b === undefined) return out;
  if (a === undefined) return (push('extra', undefined, b), out);
  if (b === undefined) return (push('missing', a, undefined), out);
  const ta = typeOf(a);
  const tb = typeOf(b);
  // A placeholder against a literal (a real-looking id where the other host answers "-1") is a value difference.
  const token = (v: unknown) => typeof v === 'string' && v.startsWith(TOKEN_OPEN);
  if (ta !== tb) return (push(token(a) || token(b) ? 'value' : 'type', a, b), out);
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = child(path, k);
      if (ignored(operation, p, options)) continue;
      if (!Object.hasOwn(b, k)) out.push({ operation, path: p, kind: 'missing', a: a[k], b: undefined });
      else if (!Object.hasOwn(a, k)) out.push({ operation, path: p, kind: 'extra', a: undefined, b: b[k] });
      else compareValues(operation, a[k], b[k], p, out, options);
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(operation, a, b, path, out, options);
  if (a !== b) push('value', a, b);
  return out;
}

function compareArrays(operation: string, a: Json[], b: Json[], path: string, out: Difference[], options: CompareOptions): Difference[] {
  const at = entries(path);
  const ia = byIdentity(a);
  const ib = byIdentity(b);
  if (ia && ib && a.length > 0 && b.length > 0) {
    for (const [id, ea] of ia) {
      const eb = ib.get(id);
      if (eb === undefined) out.push({ operation, path: at, kind: 'missing', a: ea, b: undefined });
      else compareValues(operation, ea, eb, at, out, options);
    }
    for (const [id, eb] of ib) if (!ia.has(id)) out.push({ operation, path: at, kind: 'extra', a: undefined, b: eb });
    return out;
  }
  // No identity: equal entries pair off whatever their position; what is left pairs in order.
  const restB = b.map((v) => ({ v, key: stableStringify(v), used: false }));
  const restA: Json[] = [];
  for (const v of a) {
    const key = stableStringify(v);
    const match = restB.find((e) => !e.used && e.key === key);
    if (match) match.used = true;
    else restA.push(v);
  }
  const leftB = restB.filter((e) => !e.used).map((e) => e.v);
  const scalars = [...restA, ...leftB].every((v) => !isObject(v) && !Array.isArray(v));
  if (scalars) {
    // Scalars: what one list holds and the other does not.
    for (const v of restA) out.push({ operation, path: at, kind: 'missing', a: v, b: undefined });
    for (const v of leftB) out.push({ operation, path: at, kind: 'extra', a: undefined, b: v });
    return out;
  }
  const n = Math.min(restA.length, leftB.length);
  for (let i = 0; i < n; i++) compareValues(operation, restA[i], leftB[i], at, out, options);
  for (const v of restA.slice(n)) out.push({ operation, path: at, kind: 'missing', a: v, b: undefined });
  for (const v of leftB.slice(n)) out.push({ operation, path: at, kind: 'extra', a: undefined, b: v });
  return out;
}

/**
 * Two normalised answers to the same request. A different status is one difference (the
 * bodies of a 200 and a 400 differ everywhere, as a consequence); with the same status the
 * bodies are compared field by field. Two missing answers are equal.
 */
export function compareAnswers(operation: string, a: NormalizedAnswer, b: NormalizedAnswer, options: CompareOptions = {}): Difference[] {
  if (a.status !== b.status) {
    if (ignored(operation, STATUS_PATH, options)) return [];
    return [{ operation, path: STATUS_PATH, kind: 'status', a: a.status, b: b.status }];
  }
  if (a.status === null) return [];
  return compareValues(operation, a.body, b.body, ROOT_PATH, [], options);
}
