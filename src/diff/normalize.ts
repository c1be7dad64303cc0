// Normalisation: what a conforming vendor may legitimately answer differently from another
// host is rewritten into one symbol on both sides before the answers are compared.
//
// - Fixture values (customer ids, mobiles, emails, external ids, the series id, the points
//   redemptions' ids and reference numbers) become `‹fixture:customers[0].mobile›`, each host
//   with its own fixtures: host B naming its customer 0 equals host A naming its customer 0.
// - Values the request supplied that are generated on each host (coupon codes in
//   redemptionRequestList, coupon redemption ids in redemptions) become `‹coupon#i›` and
//   `‹redemption#i›` (i: the entry of the request): an answer that echoes the wrong one still
//   differs. Any other text of 6+ characters the answer echoes from its request becomes
//   `‹request:/pointer›` (a transaction number drawn from the clock is then no difference).
// - Coupon codes issued during the run become `‹coupon›`; a string under `code`/`couponCode`
//   that is not a number is a coupon code too.
// - Generated ids: under an id-like key (`id`, `…Id`, `…_id`), a value that is no sentinel
//   (-1, 0, "", null) and not sent in the request becomes `‹id›`. The sentinel stays: a dry run
//   answering a real-looking redemption id instead of "-1" is a difference.
// - Timestamps and dates in any format (ISO 8601, `YYYY-MM-DD HH:MM:SS`, RFC 2822, epoch
//   seconds or ms under a time-like key) become `‹timestamp›`.
// - Number notation: "10", "10.0", 10.0 and 10 are the number 10.
// - Wording: a `message` beside a `code` becomes `‹message›` (the pages fix the code, not the
//   wording; FACTS.md: "other message wording where a code is given"). A message with no code
//   beside it is compared as it is, and left to the noise calibration.
// Key order never matters (objects compare by key); entry order is handled by compare.ts.
import type { FixturesLike, RecordedExchange } from './types.ts';
import { isObject } from '../util/json.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One answer made comparable. */
export interface NormalizedAnswer {
  /** The HTTP status, or null when no answer arrived. */
  status: number | null;
  /** The normalised body (JSON), or the text; the transport error when no answer arrived. */
  body: Json | undefined;
}

export const TOKEN_OPEN = '‹';
export const PLACEHOLDERS = {
  id: '‹id›',
  coupon: '‹coupon›',
  timestamp: '‹timestamp›',
  message: '‹message›',
} as const;

/** Options to widen the normalisation. */
export interface NormalizeOptions {
  /** Also rewrite `message` fields that have no `code` beside them (default false). */
  allMessages?: boolean;
}

/** What one host's normalisation knows: its fixtures, and the coupon codes it issued during the run. */
export interface SideContext {
  /** Canonical fixture value -> token, for values that are safe anywhere (non-numeric strings, long numbers). */
  fixtureValues: Map<string, string>;
  /** Canonical fixture value -> token, for short numbers: only under an id-like key. */
  fixtureIds: Map<string, string>;
  /** Coupon codes issued on this host during the run. */
  couponCodes: Set<string>;
  options: NormalizeOptions;
}


const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Canonical text of a scalar for matching: numbers and numeric strings alike, emails case-insensitive. */
export function canonical(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '') return undefined;
  if (NUMBER.test(s)) return String(Number(s));
  return s.includes('@') ? s.toLowerCase() : s;
}

const ID_KEY = /(^id$|Id$|_id$|^userId$|^entityId$)/;
const TIME_KEY = /(time|date|timestamp|At$|till|expir)/i;

export function isIdKey(key: string | undefined): boolean {
  return key !== undefined && ID_KEY.test(key);
}

/** A value that means "none" and must be compared as it is. */
export function isSentinel(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return true;
  const c = canonical(value);
  return c === undefined || c === '-1' || c === '0';
}

// Dates: ISO 8601 (date, date-time, with or without zone/fraction), "YYYY-MM-DD HH:MM:SS",
// "DD/MM/YYYY", RFC 2822 / toString() forms with a month name and a time.
const DATE_PATTERNS = [
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i,
  /^\d{4}\/\d{2}\/\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$/,
  /^\d{2}[/.-]\d{2}[/.-]\d{4}([T ]\d{2}:\d{2}(:\d{2})?)?$/,
  /^([A-Z][a-z]{2},?\s+)?(\d{1,2}\s+[A-Z][a-z]{2}|[A-Z][a-z]{2}\s+\d{1,2}),?\s+\d{4}(\s+\d{2}:\d{2}(:\d{2})?)?(\s+(GMT|UTC|[A-Z]{3,4}|[+-]\d{4}).*)?$/,
  /^[A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}\s+\d{2}:\d{2}:\d{2}.*$/,
];

export function isDateString(value: string): boolean {
  const s = value.trim();
  if (s.length < 8 || s.length > 64) return false;
  return DATE_PATTERNS.some((p) => p.test(s));
}

/** Epoch seconds (2001..2286) or milliseconds (2001..2286) under a time-like key. */
export function isEpoch(key: string | undefined, value: unknown): boolean {
  if (key === undefined || !TIME_KEY.test(key)) return false;
  const c = canonical(value);
  if (c === undefined || !/^\d+$/.test(c)) return false;
  const n = Number(c);
  return (n >= 1e9 && n < 1e10) || (n >= 1e12 && n < 1e13);
}

/** The tokens of one host's fixtures. Customers and points redemptions pair by their position in the file. */
export function fixtureTokens(fixtures: FixturesLike): { values: Map<string, string>; ids: Map<string, string> } {
  const values = new Map<string, string>();
  const ids = new Map<string, string>();
  const add = (value: unknown, name: string) => {
    const c = canonical(value);
    if (c === undefined) return;
    const token = `${TOKEN_OPEN}fixture:${name}›`;
    // A short number (customer id 1) would match counts and codes anywhere: only under an id-like key.
    const short = /^-?\d+(\.\d+)?$/.test(c) && c.replace(/\D/g, '').length < 6;
    const map = short ? ids : values;
    if (!map.has(c)) map.set(c, token);
  };
  add(fixtures.seriesId, 'seriesId');
  fixtures.customers.forEach((c, i) => {
    for (const k of ['id', 'mobile', 'externalId', 'email'] as const) add(c[k], `customers[${i}].${k}`);
  });
  (fixtures.pointsRedemptions ?? []).forEach((r, i) => {
    add(r.redemptionId, `pointsRedemptions[${i}].redemptionId`);
    add(r.externalReferenceNumber, `pointsRedemptions[${i}].externalReferenceNumber`);
  });
  return { values, ids };
}

/** Coupon codes a host issued during the run: from its issue answers and the codes its requests sent. */
export function issuedCouponCodes(exchanges: readonly RecordedExchange[]): Set<string> {
  const codes = new Set<string>();
  for (const ex of exchanges) {
    const body = ex.response?.body;
    // An issue answer: a 2xx naming the series or the customer the coupon went to.
    if (isObject(body) && ex.response!.status >= 200 && ex.response!.status < 300 && ('seriesId' in body || 'customer' in body)) {
      for (const k of ['code', 'couponCode']) if (typeof body[k] === 'string' && body[k] !== '') codes.add(body[k] as string);
    }
    const list = isObject(ex.request.body) ? ex.request.body.redemptionRequestList : undefined;
    if (Array.isArray(list)) for (const e of list) if (isObject(e) && typeof e.code === 'string' && e.code !== '') codes.add(e.code);
  }
  return codes;
}

export function sideContext(fixtures: FixturesLike, exchanges: readonly RecordedExchange[], options: NormalizeOptions = {}): SideContext {
  const { values, ids } = fixtureTokens(fixtures);
  return { fixtureValues: values, fixtureIds: ids, couponCodes: issuedCouponCodes(exchanges), options };
}

/** Tokens for the host-generated values a request carries, by their place in the request. */
export function requestTokens(requestBody: unknown): { tokens: Map<string, string>; scalars: Set<string> } {
  const tokens = new Map<string, string>();
  const scalars = new Set<string>();
  if (isObject(requestBody)) {
    const list = requestBody.redemptionRequestList;
    if (Array.isArray(list)) {
      list.forEach((e, i) => {
        const c = isObject(e) ? canonical(e.code) : undefined;
        if (c !== undefined && !tokens.has(c)) tokens.set(c, `${TOKEN_OPEN}coupon#${i}›`);
      });
    }
    const redemptions = requestBody.redemptions;
    if (Array.isArray(redemptions)) {
      redemptions.forEach((e, i) => {
        const c = isObject(e) ? canonical(e.redemptionId) : undefined;
        if (c !== undefined && !tokens.has(c)) tokens.set(c, `${TOKEN_OPEN}redemption#${i}›`);
      });
    }
  }
  // Any other text of the request (a transaction number, a made-up code) that an answer
  // echoes: named by its place in the request, so a value drawn anew on each run (a clock,
  // a nonce) does not differ, and an answer echoing the wrong one still does.
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${at}/${i}`));
    else if (isObject(v)) for (const [k, e] of Object.entries(v)) walk(e, `${at}/${k}`);
    else {
      const c = canonical(v);
      if (c === undefined) return;
      scalars.add(c);
      if (typeof v === 'string' && c.length >= 6 && !NUMBER.test(c) && !tokens.has(c)) tokens.set(c, `${TOKEN_OPEN}request:${at}›`);
    }
  };
  walk(requestBody, '');
  return { tokens, scalars };
}

interface Walk {
  side: SideContext;
  tokens: Map<string, string>;
  scalars: Set<string>;
}

function normalizeScalar(value: unknown, key: string | undefined, w: Walk): Json {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const c = canonical(value);
  if (c !== undefined) {
    const fixture = w.side.fixtureValues.get(c) ?? (isIdKey(key) || key === 'value' || key === 'identifierValue' ? w.side.fixtureIds.get(c) : undefined);
    if (fixture) return fixture;
    const fromRequest = w.tokens.get(c);
    if (fromRequest && (typeof value === 'string' || isIdKey(key))) return fromRequest;
    if (typeof value === 'string' && w.side.couponCodes.has(value)) return PLACEHOLDERS.coupon;
    if (isEpoch(key, value)) return PLACEHOLDERS.timestamp;
    if (typeof value === 'string' && isDateString(value)) return PLACEHOLDERS.timestamp;
    if ((key === 'code' || key === 'couponCode') && typeof value === 'string' && !NUMBER.test(value.trim())) return PLACEHOLDERS.coupon;
    if (isIdKey(key) && !isSentinel(value) && !w.scalars.has(c)) return PLACEHOLDERS.id;
    if (NUMBER.test(c)) return Number(c);
  }
  return value;
}

function normalizeNode(value: unknown, key: string | undefined, w: Walk): Json {
  if (Array.isArray(value)) return value.map((v) => normalizeNode(v, key, w));
  if (isObject(value)) {
    const out: { [k: string]: Json } = {};
    const hasCode = Object.hasOwn(value, 'code');
    for (const [k, v] of Object.entries(value)) {
      if (k === 'message' && typeof v === 'string' && (hasCode || w.side.options.allMessages)) out[k] = PLACEHOLDERS.message;
      else out[k] = normalizeNode(v, k, w);
    }
    return out;
  }
  return normalizeScalar(value, key, w);
}

/** Normalises any JSON value with one host's context and the request it answers. */
export function normalizeBody(body: unknown, side: SideContext, requestBody?: unknown): Json | undefined {
  if (body === undefined) return undefined;
  const { tokens, scalars } = requestTokens(requestBody);
  if (typeof body === 'string') {
    // A text body (not JSON): compared as it is, with the fixture values of this host replaced.
    let text = body;
    for (const [value, token] of side.fixtureValues) if (value.length >= 4) text = text.split(value).join(token);
    return text;
  }
  return normalizeNode(body, undefined, { side, tokens, scalars });
}

/** Normalises one recorded answer of one host. */
export function normalizeAnswer(exchange: RecordedExchange, side: SideContext): NormalizedAnswer {
  if (!exchange.response) return { status: null, body: exchange.error ?? 'no answer' };
  return { status: exchange.response.status, body: normalizeBody(exchange.response.body, side, exchange.request.body) };
}
