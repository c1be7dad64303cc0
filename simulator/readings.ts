// The readings: every point where the vendor pages are silent or contradict each other and a
// conforming vendor may choose differently. This host takes the first reading of each point
// by default (its long-standing behaviour); `--reading POINT=NAME` or `--readings random
// --seed N` switches it to another, so the suite can be run against every conforming choice.
// Handlers ask `readings.is('points-entity', 'required')`; the presentation choices (status,
// envelope, key order, wording, shapes of successful answers) are one reshape hook applied
// after the faults. The list is this host's own reading of the pages (it imports nothing
// from the suite); test/simulator/readings.test.ts holds it equal to x-readings in openapi.yaml.
import type { Hooks, Operation } from './faults.ts';
import { FaultConfigError } from './faults.ts';
import { type Answer, type JsonObject, failure, isObject } from './http.ts';

/** Point id -> its reading names, the default first. */
export const READING_POINTS = {
  // every endpoint
  'key-order': ['page', 'reversed'],
  'message-wording': ['page', 'reworded'],
  'malformed-json-code': ['page-family', '400', '629', 'none'],
  'unauthorized-body': ['envelope', 'empty', 'text'],
  'customer-identifier-precedence': ['all-must-match', 'first-non-empty', 'first-present'],
  'customer-busy': ['serial', 'busy-521'],
  'rate-limit': ['unlimited', '1000-per-minute', '100-per-minute'],
  // POST /v2/coupon/issue
  'issue-refusal-status': ['400', '422'],
  'issue-refusal-envelope': ['errors-envelope', 'status-object'],
  'issue-unknown-series-code': ['707', '755'],
  'issue-missing-series-code': ['746', '629'],
  'issue-unknown-customer-code': ['701', '721'],
  'issue-profiles-type': ['array', 'object'],
  // POST /v2/coupon/bulk/redeem
  'bulk-batch-limit': ['50', '100'],
  'bulk-over-limit-code': ['629', '1060'],
  'bulk-invalid-input-envelope': ['response-list', 'errors-envelope', 'status-object'],
  'bulk-bill-amount-type': ['string-or-number', 'string'],
  'bulk-bill-amount-required': ['required', 'optional'],
  'bulk-redemption-time-format': ['any', 'table', 'iso'],
  'bulk-transaction-number': ['optional', 'required'],
  'bulk-untyped-fields': ['strict', 'lenient'],
  'bulk-dry-run-parameter': ['both', 'table', 'prose'],
  'bulk-dry-run-message': ['isredeem', 'processing'],
  'bulk-failure-status': ['400', '422', '200'],
  'bulk-failure-envelope': ['response-list', 'errors-envelope', 'status-object'],
  'bulk-failure-count': ['all', 'own'],
  'bulk-failure-entry-detail': ['full', 'minimal'],
  'bulk-entry-order': ['request', 'reversed'],
  'bulk-redemption-id-type': ['string', 'integer'],
  'bulk-number-notation': ['numbers', 'strings'],
  'bulk-unknown-coupon-code': ['702', '719', '780'],
  'bulk-foreign-coupon-code': ['703', '710', '723'],
  'bulk-already-redeemed-code': ['711', '716', '747'],
  'bulk-duplicate-code': ['716', '747'],
  'bulk-empty-list-code': ['629', '781'],
  'bulk-no-identifier-code': ['701', '721', '629'],
  'bulk-check-order': ['user-first', 'coupons-first'],
  // PUT /v2/coupon/redeem
  'coupon-update-all-failed-status': ['400', '200', '201'],
  'coupon-update-all-failed-code': ['510', '500'],
  'coupon-update-partial-status': ['200', '201'],
  'coupon-update-custom-fields': ['object-or-array', 'object', 'array'],
  'coupon-update-refusal-status': ['400', '422'],
  'coupon-update-refusal-envelope': ['errors-envelope', 'status-object'],
  'coupon-update-no-redemption-id-code': ['661', '629'],
  'coupon-update-failed-entry-echo': ['request', 'null'],
  // PUT /v2/points/updateRedemption
  'points-entity': ['optional', 'required'],
  'points-refusal-status': ['400', '422', '200'],
  'points-refusal-envelope': ['errors-envelope', 'status-object'],
  'points-external-reference-echo': ['present', 'absent'],
  'points-epoch-unit': ['milliseconds', 'seconds'],
  'points-date-format': ['utc', 'offset'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type ReadingPoint = keyof typeof READING_POINTS;
export type ReadingName<P extends ReadingPoint> = (typeof READING_POINTS)[P][number];
export const READING_POINT_IDS = Object.keys(READING_POINTS) as ReadingPoint[];

/** A reading point or name that does not exist: startSimulator throws it, the CLI exits 2. */
export class UnknownReadingError extends FaultConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownReadingError';
  }
}

export type ReadingChoice = { [P in ReadingPoint]: ReadingName<P> };

export function defaultReadings(): ReadingChoice {
  return Object.fromEntries(READING_POINT_IDS.map((p) => [p, READING_POINTS[p][0]])) as ReadingChoice;
}

/** mulberry32: a small deterministic PRNG, so `--readings random --seed N` is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One reading per point, drawn from the seed (the same seed, the same combination). */
export function randomReadings(seed: number): ReadingChoice {
  if (!Number.isSafeInteger(seed)) throw new UnknownReadingError(`readings seed must be an integer (got ${seed})`);
  const next = prng(seed);
  return Object.fromEntries(
    READING_POINT_IDS.map((p) => {
      const names = READING_POINTS[p] as readonly string[];
      return [p, names[Math.floor(next() * names.length)]];
    }),
  ) as ReadingChoice;
}

/** Parses "point=name" (the CLI's --reading). */
export function parseReadingSpec(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at < 1) throw new UnknownReadingError(`--reading takes POINT=NAME (got "${spec}")`);
  return [spec.slice(0, at).trim(), spec.slice(at + 1).trim()];
}

/** The chosen readings: defaults (or a seeded draw), overridden by the explicit ones; unknown names throw. */
export function resolveReadings(explicit: Record<string, string> = {}, seed?: number): ReadingChoice {
  const chosen = seed === undefined ? defaultReadings() : randomReadings(seed);
  for (const [point, name] of Object.entries(explicit)) {
    if (!Object.hasOwn(READING_POINTS, point)) {
      throw new UnknownReadingError(`Unknown reading point "${point}". Valid points: ${READING_POINT_IDS.join(', ')}`);
    }
    const names = READING_POINTS[point as ReadingPoint] as readonly string[];
    if (!names.includes(name)) {
      throw new UnknownReadingError(`Unknown reading "${name}" for point "${point}". Valid readings: ${names.join(', ')}`);
    }
    (chosen as Record<string, string>)[point] = name;
  }
  return chosen;
}

/** What handlers ask. */
export class Readings {
  readonly chosen: Readonly<ReadingChoice>;
  constructor(chosen: ReadingChoice = defaultReadings()) {
    this.chosen = Object.freeze({ ...chosen });
  }
  is<P extends ReadingPoint>(point: P, name: ReadingName<P>): boolean {
    return this.chosen[point] === name;
  }
  of<P extends ReadingPoint>(point: P): ReadingName<P> {
    return this.chosen[point];
  }
  /** A code reading as a number ('755' -> 755). */
  code<P extends ReadingPoint>(point: P): number {
    return Number(this.chosen[point]);
  }
}

// ----------------------------------------------------------------- the presentation hook

const REFUSAL_STATUS: Partial<Record<Operation, ReadingPoint>> = {
  'coupon-issue': 'issue-refusal-status',
  'coupon-update': 'coupon-update-refusal-status',
  'points-update': 'points-refusal-status',
};
const REFUSAL_ENVELOPE: Partial<Record<Operation, ReadingPoint>> = {
  'coupon-issue': 'issue-refusal-envelope',
  'coupon-update': 'coupon-update-refusal-envelope',
  'points-update': 'points-refusal-envelope',
};

/** {warnings, errors:[{status, code, message}], ...} -> {status:false, code, message}. */
export function asStatusObject(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.errors) || !isObject(body.errors[0])) return body;
  const first = body.errors[0];
  return { status: false, code: first.code, message: first.message };
}

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys(value[k])]));
}

function reworded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reworded);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'message' && typeof v === 'string' ? `[vendor wording] ${typeof value.code === 'number' ? `code ${value.code}` : 'message'}` : reworded(v);
  }
  return out;
}

function malformedBody(readings: Readings, body: unknown): unknown {
  const reading = readings.of('malformed-json-code');
  if (reading === 'page-family') return body;
  if (reading === 'none') return { message: 'Malformed JSON in request body' };
  const code = Number(reading);
  return { warnings: [], errors: [{ status: false, code, message: code === 629 ? 'Invalid Input' : 'invalid input' }] };
}

/** The issue answer's profiles as the table types them: Objects, not arrays. */
function profilesAsObject(body: JsonObject): JsonObject {
  const customer = isObject(body.customer) ? body.customer : {};
  const profiles = Array.isArray(customer.profiles) ? customer.profiles : [];
  const first = isObject(profiles[0]) ? profiles[0] : {};
  const one = (list: unknown) => (Array.isArray(list) && isObject(list[0]) ? list[0] : {});
  const profile = { ...first, identifiers: one(first.identifiers), identifiersAll: one(first.identifiersAll), commChannels: {} };
  return { ...body, customer: { ...customer, profiles: profile } };
}

function pointsRecord(readings: Readings, body: JsonObject): JsonObject {
  let out: JsonObject = { ...body };
  if (readings.is('points-external-reference-echo', 'absent')) {
    const { externalReferenceNumber: _dropped, ...rest } = out;
    out = rest;
  }
  if (readings.is('points-epoch-unit', 'seconds')) {
    for (const k of ['redemptionTime', 'pointsRedemptionTime']) if (typeof out[k] === 'number') out[k] = Math.floor((out[k] as number) / 1000);
  }
  if (readings.is('points-date-format', 'offset') && typeof out.redemptionDate === 'string') {
    const ms = Date.parse(out.redemptionDate);
    if (Number.isFinite(ms)) out.redemptionDate = `${new Date(ms + 19_800_000).toISOString().slice(0, 19)}+05:30`;
  }
  return out;
}

/**
 * The presentation choices, as one hook: status and envelope of refusals, the malformed-JSON
 * body, the 401 body, shapes of successful answers, then wording and key order on every answer.
 * Composed after the faults, so a fault's answer is presented the same way.
 */
export function readingHooks(readings: Readings): Hooks {
  const limit = readings.is('rate-limit', '1000-per-minute') ? 1000 : readings.is('rate-limit', '100-per-minute') ? 100 : Infinity;
  const arrivals: number[] = [];
  return {
    // rate-limit: at most N requests in any 60 s; the next answers 429 with Retry-After (seconds
    // until a slot frees). The pages give the limits, not the status or headers.
    intercept(): Answer | undefined {
      if (limit === Infinity) return undefined;
      const now = Date.now();
      while (arrivals.length && arrivals[0]! <= now - 60_000) arrivals.shift();
      if (arrivals.length < limit) {
        arrivals.push(now);
        return undefined;
      }
      const retryAfter = Math.max(1, Math.ceil((arrivals[0]! + 60_000 - now) / 1000));
      return { ...failure(429, 429, 'Too many requests'), headers: { 'Retry-After': String(retryAfter) } };
    },
    reshape(answer: Answer, req): Answer {
      let a = answer;
      if (a.raw) return a;
      if (a.status === 401) {
        if (readings.is('unauthorized-body', 'empty')) return { ...a, raw: { body: '', contentType: 'application/json; charset=utf-8' } };
        if (readings.is('unauthorized-body', 'text')) {
          return { ...a, raw: { body: 'Authentication failed. Please check username and password.', contentType: 'text/plain; charset=utf-8' } };
        }
      }
      if (a.tag === 'malformed-body' && a.status === 400) a = { ...a, body: malformedBody(readings, a.body) };
      if (a.tag === 'issue-success' && isObject(a.body) && readings.is('issue-profiles-type', 'object')) a = { ...a, body: profilesAsObject(a.body) };
      if (a.tag === 'points-success' && isObject(a.body)) a = { ...a, body: pointsRecord(readings, a.body) };
      const refusal = a.status === 400 && a.tag !== 'malformed-body' && a.tag !== 'coupon-update';
      const envelopePoint = REFUSAL_ENVELOPE[req.operation];
      if (refusal && envelopePoint && readings.of(envelopePoint) === 'status-object') a = { ...a, body: asStatusObject(a.body) };
      const statusPoint = REFUSAL_STATUS[req.operation];
      if (refusal && statusPoint && readings.of(statusPoint) !== '400') a = { ...a, status: Number(readings.of(statusPoint)) };
      if (readings.is('message-wording', 'reworded')) a = { ...a, body: reworded(a.body) };
      if (readings.is('key-order', 'reversed')) a = { ...a, body: reversedKeys(a.body) };
      return a;
    },
  };
}
