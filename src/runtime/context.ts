// The run context: everything a rule needs, handed to it explicitly (no module singleton).
// One RunContext per run: configuration, contract (compiled once), client, fixtures,
// recorder, redactor, seed and limits, plus `shared`, the run's own memo for what several
// rules build once (coupon pools, the property slots). Each rule gets a RuleContext: the run
// context plus its own metadata and a seeded `draw()` of named arbitraries, so the values a
// rule sends depend on the seed and the rule's id only (not on which other rules ran).
import fc from 'fast-check';
import type { Config, Customer, Fixtures, PointsRedemptionFixture } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Client } from '../client/index.ts';
import type { Redact } from '../redact.ts';
import type { Recorder } from './recorder.ts';
import { SEQUENCE_POINTS_RECORDS, type RuleMeta } from '../rules/registry.ts';

/** Independent requests in flight at once against a loopback host. */
export const LOOPBACK_PARALLELISM = 8;
/**
 * Independent requests in flight at once against a remote host when requests overlap: within
 * the rate limit (the client spaces every start), never two for one customer (the client's
 * customer lock). 1 when the run is sequential.
 */
export const REMOTE_PARALLELISM = 4;

export interface RunLimits {
  /** The batch limit the host is held to. */
  bulkMax: number;
  /** Independent requests (or property runs) in flight at once: LOOPBACK_PARALLELISM on loopback, REMOTE_PARALLELISM remote (1 when sequential). */
  parallelism: number;
  /** Rules in flight at once (src/runner/schedule.ts): 1 (in order, one at a time) unless requests overlap against a remote host. */
  rulesInFlight?: number;
  /** Runs per property. */
  runs: { positive: number; negative: number };
  /** Model-based sequences: how many, and most commands in one. */
  sequences: { runs: number; steps: number };
  timeoutMs: number;
}

/** A per-run memo: built at most once per run, keyed by name. */
/** Keys of the run's own state (not a handoff between rules): any rule may get and set them. */
export const RUN_KEY_PREFIX = 'run.';

export class Shared {
  constructor(
    private readonly values = new Map<string, unknown>(),
    /** The rule this view is for, and the keys it may hand on (`uses`); undefined: the run's own view. */
    private readonly owner?: { id: string; uses: ReadonlySet<string> },
  ) {}

  /** Made once per run, by the first caller: every caller gets the same value, whatever the order. */
  memo<T>(key: string, make: () => T): T {
    if (!this.values.has(key)) this.values.set(key, make());
    return this.values.get(key) as T;
  }

  /** A handoff to a later rule: the key must be in the rule's `uses` (so the schedule keeps the two in order). */
  set<T>(key: string, value: T): void {
    this.guard(key);
    this.values.set(key, value);
  }

  get<T>(key: string): T | undefined {
    this.guard(key);
    return this.values.get(key) as T | undefined;
  }

  /** The view of one rule: get/set only of its `uses` and the run's own keys. */
  for(rule: { id: string; uses?: readonly string[] }): Shared {
    return new Shared(this.values, { id: rule.id, uses: new Set(rule.uses ?? []) });
  }

  private guard(key: string): void {
    if (!this.owner || key.startsWith(RUN_KEY_PREFIX) || this.owner.uses.has(key)) return;
    throw new Error(
      `${this.owner.id}: ctx.shared key '${key}' is handed between rules but not in the rule's uses; ` +
        `name it in uses (src/rules/registry.ts) so that, against a remote host where rules overlap, the rules sharing it keep their order`,
    );
  }
}

export interface RunContext {
  readonly config: Readonly<Config>;
  readonly contract: Contract;
  readonly client: Client;
  readonly fixtures: Fixtures;
  readonly recorder: Recorder;
  readonly redact: Redact;
  /** The base URL actually tested (the embedded host's, when embedded). */
  readonly baseUrl: string;
  readonly embedded: boolean;
  readonly seed: number;
  readonly limits: RunLimits;
  readonly shared: Shared;
  /** Optional: told every exchange send() makes (a differential run records them; src/runner/compare.ts). */
  readonly onExchange?: ExchangeHook;
}

/**
 * Told each request as send() starts it (so the order is the order of sending, also for
 * requests sent together), with the id of the rule that sends it; the function it returns
 * (if any) is told the exchange once it is complete.
 */
export type ExchangeHook = (
  request: import('../client/index.ts').ApiRequest,
  rule: string | undefined,
) => ((exchange: import('../client/index.ts').Exchange) => void) | void;

export interface RuleContext extends RunContext {
  readonly rule: RuleMeta;
  /**
   * Every fixtures customer, this rule's own first: `customers[0]` is the customer the rule
   * acts for, `customers[1]` "another customer". Which one comes first follows from the rule's
   * id (`customersFor`), so the rules spread over all the fixtures customers: against a remote
   * host, where one customer takes one action at a time (HTTP 521), rules acting for
   * different customers overlap. Records shared by several rules take theirs from their own
   * name instead (`customersFor(ctx.fixtures.customers, name)`).
   */
  readonly customers: readonly Customer[];
  /**
   * The fixtures' points redemptions this rule may update: all of them, or with 4 or more in
   * the fixtures, the points rules' half or the sequences' half (`pointsShares`).
   */
  readonly pointsRecords: readonly PointsRedemptionFixture[];
  /** One value of `arbitrary`, drawn from the run's seed, the rule's id and the draw's rank. */
  draw<T>(arbitrary: fc.Arbitrary<T>): T;
}

/** 32-bit FNV-1a of a string: a stable seed per rule. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The customers, rotated so that the one `name` falls on (stable: a hash of the name) comes first. */
export function customersFor<C>(customers: readonly C[], name: string): C[] {
  const first = customers.length ? (hash(name) >>> 0) % customers.length : 0;
  return [...customers.slice(first), ...customers.slice(0, first)];
}

/** Fewest fixtures points redemptions for the rules and the sequences to take one half each. */
export const POINTS_SPLIT_AT = 4;

/**
 * Which fixtures points redemptions the points update rules and the sequences update: with
 * POINTS_SPLIT_AT or more, the first half and the rest (the two never touch one record, so
 * they may run at once against a remote host); with fewer, every record for both (`shared`:
 * the schedule then keeps them in order). Each half holds at least two records.
 */
export function pointsShares<R>(records: readonly R[]): { rules: readonly R[]; sequences: readonly R[]; shared: boolean } {
  if (records.length < POINTS_SPLIT_AT) return { rules: records, sequences: records, shared: true };
  const half = Math.ceil(records.length / 2);
  return { rules: records.slice(0, half), sequences: records.slice(half), shared: false };
}

export function ruleContext(run: RunContext, rule: RuleMeta): RuleContext {
  const shares = pointsShares(run.fixtures.pointsRedemptions);
  let draws = 0;
  return {
    ...run,
    rule,
    customers: customersFor(run.fixtures.customers, rule.id),
    shared: run.shared.for(rule),
    pointsRecords: rule.uses?.includes(SEQUENCE_POINTS_RECORDS) ? shares.sequences : shares.rules,
    draw<T>(arbitrary: fc.Arbitrary<T>): T {
      const seed = hash(`${run.seed}:${rule.id}:${draws++}`);
      return fc.sample(arbitrary, { seed, numRuns: 1 })[0];
    },
  };
}
