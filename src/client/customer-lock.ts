// One action per customer at a time. The vendor documents HTTP 521 "Multiple actions are
// running for the same customer" (FACTS.md): when requests overlap (a remote host, requests
// in flight together within the rate limit), two requests that name the same customer must
// never be in flight at once. The key of a request is the customer it names: the issue
// body's `customer`, the bulk redeem's and coupon update's `user`, the points update's
// `entity` (or the fixtures points redemption it names); any identifier (id, mobile, email,
// externalId) of a fixtures customer maps to that customer. A request that names no customer
// (a malformed body, no identifier) takes no lock.
//
// A burst meant to be concurrent for one customer (the concurrent redemptions of one coupon
// in bulk-redeem.concurrent-redemption, a sequence's burst command) is sent inside
// `sameCustomerTogether()`: its requests share one holder, so they overlap each other, but
// never another request for that customer.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Fixtures } from '../config/index.ts';
import { isObject, type JsonObject } from '../util/json.ts';
import type { ApiRequest } from './index.ts';

const IDENTIFIERS = ['id', 'mobile', 'email', 'externalId'] as const;

type Ref = JsonObject;


function norm(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase();
  return undefined;
}

/** The customer a request names, as a lock key; undefined when it names none. */
export function customerKeyOf(req: ApiRequest, fixtures: Pick<Fixtures, 'customers' | 'pointsRedemptions'> | undefined): string | undefined {
  let body: unknown = req.body;
  if (body === undefined && req.rawBody !== undefined) {
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return undefined;
    }
  }
  if (!isObject(body)) return undefined;
  const customers = fixtures?.customers ?? [];
  /** The fixtures customer an identifier value names, else the value itself. */
  const byValue = (values: string[]): string | undefined => {
    if (!values.length) return undefined;
    const i = customers.findIndex((c) => IDENTIFIERS.some((k) => values.includes(norm((c as unknown as Ref)[k]) ?? '\u0000')));
    return i >= 0 ? `customer:${i}` : `named:${values.sort().join('|')}`;
  };
  const refOf = (ref: unknown) => (isObject(ref) ? byValue(IDENTIFIERS.map((k) => norm(ref[k])).filter((v): v is string => v !== undefined)) : undefined);
  const named = refOf(body.customer) ?? refOf(body.user);
  if (named) return named;
  const entity = body.entity;
  if (isObject(entity)) {
    const value = norm(entity.identifierValue);
    if (value) return byValue([value]);
  }
  // A points update names a points redemption; the fixtures say whose it is.
  for (const r of fixtures?.pointsRedemptions ?? []) {
    if ((body.redemptionId !== undefined && norm(body.redemptionId) === norm(r.redemptionId)) || (body.externalReferenceNumber !== undefined && norm(body.externalReferenceNumber) === norm(r.externalReferenceNumber))) {
      return refOf(r.customer);
    }
  }
  return undefined;
}

const together = new AsyncLocalStorage<object>();
/** A rule's standing at the gate: its rank, and the requests it has started so far. */
interface Standing {
  rank: number;
  started: number;
}
const priority = new AsyncLocalStorage<Standing>();

/**
 * Runs `fn` with its requests ranked `rank` at the gate. Of the requests that may start, the
 * highest rank goes first; among equals, the one whose scope has started the most requests
 * (a long rule keeps going rather than waiting behind every short one), then arrival order.
 * The scheduler ranks a rule by the work still behind it in its chain, so the longest chains
 * are never left for last.
 */
export function withPriority<T>(rank: number, fn: () => Promise<T>): Promise<T> {
  return priority.run({ rank, started: 0 }, fn);
}

const NO_STANDING: Standing = { rank: 0, started: 0 };

/** Whether waiter a goes before waiter b (both free to start). */
function before(a: Waiter, b: Waiter): boolean {
  if (a.standing.rank !== b.standing.rank) return a.standing.rank > b.standing.rank;
  return a.standing.started > b.standing.started;
}

/** Runs `fn` with its requests sharing one holder: they may overlap each other for one customer (never another holder's). */
export function sameCustomerTogether<T>(fn: () => Promise<T>): Promise<T> {
  return together.run({}, fn);
}

interface Waiter {
  key: string | undefined;
  holder: object;
  standing: Standing;
  resolve: (release: () => void) => void;
}

/**
 * Where every request waits for its start: the rate limit (starts spaced at least 60000/N ms
 * apart, measured from when the previous one really started, so a late timer never lets the
 * next start early) and the customer it names (held by one holder at a time: a request, or
 * the requests of one sameCustomerTogether scope). At each start, of the waiters whose
 * customer is free, the first by standing (withPriority) goes, the earliest among equals: a
 * request for a busy customer never holds up the rate limit's slot for a request that could
 * go now.
 */
export class RequestGate {
  private readonly intervalMs: number;
  private lastStart = -Infinity;
  /** No request starts before this (performance.now()): the host said 429 with a Retry-After. */
  private pausedUntil = -Infinity;
  private readonly waiting: Waiter[] = [];
  private readonly held = new Map<string, { holder: object; count: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly perMinute: number | null) {
    this.intervalMs = perMinute ? 60_000 / perMinute : 0;
  }

  /**
   * The host answered 429 (its rate limit): no request of the run starts for `ms` (its
   * Retry-After). One pause for every request, not a wait per request: against a host that
   * counts requests in a window, the requests in flight all meet the limit together, and all
   * resume when the window frees. Returns how much longer the run is now paused (ms).
   */
  pause(ms: number): number {
    const until = Math.max(this.pausedUntil, performance.now() + ms);
    /** How much this call lengthened the pause (ms): what it cost the run. */
    const added = Math.max(0, until - Math.max(this.pausedUntil, performance.now()));
    this.pausedUntil = until;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.dispatch();
    return Math.round(added);
  }

  /** Resolves when the request may start, to the function to call once it has its answer (or none). */
  acquire(key: string | undefined): Promise<() => void> {
    const holder = together.getStore() ?? {};
    const standing = priority.getStore() ?? NO_STANDING;
    return new Promise((resolve) => {
      this.waiting.push({ key, holder, standing, resolve });
      this.dispatch();
    });
  }

  private free(w: Waiter): boolean {
    if (w.key === undefined) return true;
    const h = this.held.get(w.key);
    return !h || h.holder === w.holder;
  }

  private dispatch(): void {
    if (this.timer) return; // the pending tick dispatches
    for (;;) {
      let i = -1;
      for (let j = 0; j < this.waiting.length; j++) {
        if (this.free(this.waiting[j]) && (i < 0 || before(this.waiting[j], this.waiting[i]))) i = j;
      }
      if (i < 0) return;
      const wait = Math.max(this.lastStart + this.intervalMs, this.pausedUntil) - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.dispatch();
        }, Math.ceil(wait));
        return;
      }
      const [w] = this.waiting.splice(i, 1);
      if (w.standing !== NO_STANDING) w.standing.started++;
      this.lastStart = performance.now();
      if (w.key !== undefined) {
        const h = this.held.get(w.key);
        if (h) h.count++;
        else this.held.set(w.key, { holder: w.holder, count: 1 });
      }
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.release(w.key);
      });
    }
  }

  private release(key: string | undefined): void {
    if (key !== undefined) {
      const h = this.held.get(key)!;
      if (--h.count === 0) this.held.delete(key);
    }
    this.dispatch();
  }
}
