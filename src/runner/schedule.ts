// When the rules run. Sequential: each mocha test runs its rule when mocha reaches it (one
// rule at a time, in the registry's order). Overlapped (a remote host, where a request's
// round trip costs far more than the rate limit's spacing): the rules are started before the
// first test, several at once, and each mocha test awaits its own rule's result, so mocha
// stays the runner and the reports keep the rules' order.
//
// What may overlap is decided by what the rules share, not by their operation. A rule names
// the run's records it relies on across its requests or hands on to another rule (`uses`:
// the fixtures' points redemptions, whose stored fields a later request reads back; the
// unredeemed coupons the batch-limit rules hand on); rules that name the same one never run
// at once and keep the registry's order, so each sees the records exactly as in a sequential
// run. Every other rule works on records it makes itself (its own coupons, redemptions,
// dry runs) and may run beside anything. A rule's own steps stay in order (it is one async
// function); two requests naming the same customer are never in flight together (the
// client's customer lock), and the rate limit spaces every request start.
import { POINTS_RECORDS, SEQUENCE_POINTS_RECORDS, type Rule } from '../rules/registry.ts';
import { withPriority } from '../client/index.ts';
import type { CheckResult } from '../results/types.ts';

/** Overlap is on by default against a remote host; CONFORMANCE_OVERLAP=0 runs it sequentially. */
export const OVERLAP_ENV = 'CONFORMANCE_OVERLAP';

/**
 * Rules in flight at once against a remote host: enough that every customer always has a
 * request waiting (the gate, not this cap, decides which goes: src/client/customer-lock.ts).
 */
export const REMOTE_RULES_IN_FLIGHT = 32;

/** Whether this run overlaps independent requests against a remote host. */
export function overlapWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[OVERLAP_ENV] !== '0';
}

/**
 * The run's records a rule shares with other rules: its own `uses`, and the fixtures' points
 * redemptions for every points update rule (each such request names one of them, or one no
 * host has, and an update changes what a later update answers). `pointsShared`: the fixtures
 * have too few points redemptions to give the sequences their own (pointsShares), so the
 * sequences' records are the rules' records.
 */
export function resourcesOf(rule: Rule, pointsShared = true): string[] {
  const uses = new Set((rule.meta.uses ?? []).map((r) => (pointsShared && r === SEQUENCE_POINTS_RECORDS ? POINTS_RECORDS : r)));
  if (rule.meta.operation === 'updatePointsRedemption') uses.add(POINTS_RECORDS);
  return [...uses];
}

/** For each rule, the earlier rules it waits for: the last earlier rule on each of its resources (which waited for the ones before it). */
export function dependencies(rules: readonly Rule[], pointsShared = true): Map<Rule, Rule[]> {
  const last = new Map<string, Rule>();
  const after = new Map<Rule, Rule[]>();
  for (const rule of rules) {
    const resources = resourcesOf(rule, pointsShared);
    after.set(rule, [...new Set(resources.map((r) => last.get(r)).filter((r): r is Rule => r !== undefined))]);
    for (const r of resources) last.set(r, rule);
  }
  return after;
}

/** Requests a rule is expected to send, for ranking only: sequences and positive properties are long, the rest a few. */
export function expectedRequests(rule: Rule, limits: { runs: { positive: number }; sequences: { runs: number; steps: number } }): number {
  if (rule.meta.kind === 'sequence') return limits.sequences.runs * limits.sequences.steps;
  if (rule.meta.kind === 'property' && rule.meta.id.endsWith('.positive_data_acceptance')) return limits.runs.positive;
  return 2;
}

/**
 * A rule's rank: the requests expected of it and of every rule that waits for it, down its
 * longest chain (the critical path, as list schedulers rank tasks). The highest ranked rules
 * start first and their requests go first at the gate (withPriority), so the longest chains
 * (the points records' rules, then the sequences) are never left for last behind rules that
 * could run any time.
 */
export function ranks(rules: readonly Rule[], cost: (rule: Rule) => number, after: Map<Rule, Rule[]> = dependencies(rules)): Map<Rule, number> {
  const rank = new Map<Rule, number>(rules.map((r) => [r, cost(r)]));
  // Registry order is a topological order: a rule's followers come after it.
  for (const rule of [...rules].reverse()) {
    for (const previous of after.get(rule)!) rank.set(previous, Math.max(rank.get(previous)!, cost(previous) + rank.get(rule)!));
  }
  return rank;
}

export interface Schedule {
  /** Called from a root `before` hook: starts the rules when they overlap. */
  start(): void;
  /** The rule's result: from the overlapped run when overlapped, else run now. */
  result(rule: Rule): Promise<CheckResult>;
}

export function schedule(rules: readonly Rule[], runRule: (rule: Rule) => Promise<CheckResult>, inFlight: number, cost: (rule: Rule) => number = () => 1, pointsShared = true): Schedule {
  if (inFlight <= 1) return { start() {}, result: runRule };
  const after = dependencies(rules, pointsShared);
  const rank = ranks(rules, cost, after);
  const results = new Map<Rule, Promise<CheckResult>>();
  const settle = new Map<Rule, { resolve: (r: CheckResult) => void; reject: (e: unknown) => void }>();
  for (const rule of rules) {
    const promise = new Promise<CheckResult>((resolve, reject) => settle.set(rule, { resolve, reject }));
    promise.catch(() => undefined); // reported by the rule's own test
    results.set(rule, promise);
  }
  // Waiting rules, the highest rank first, then the registry's order (a stable sort).
  const waiting = [...rules].sort((a, b) => rank.get(b)! - rank.get(a)!);
  const settled = new Set<Rule>();
  let running = 0;
  let started = false;

  /** Starts, highest rank first, every waiting rule whose predecessors have settled, up to the cap. */
  function pump(): void {
    for (let i = 0; i < waiting.length && running < inFlight; ) {
      const rule = waiting[i];
      if (!after.get(rule)!.every((r) => settled.has(r))) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      running++;
      void withPriority(rank.get(rule)!, () => runRule(rule))
        .then((r) => settle.get(rule)!.resolve(r), (e: unknown) => settle.get(rule)!.reject(e))
        .finally(() => {
          running--;
          settled.add(rule);
          pump();
        });
    }
  }
  return {
    start() {
      if (started) return;
      started = true;
      pump();
    },
    result(rule) {
      this.start();
      return results.get(rule)!;
    },
  };
}
