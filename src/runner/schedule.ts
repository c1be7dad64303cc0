// When the rules run. Sequential: each mocha test runs its rule when mocha reaches it (one
// rule at a time, in the registry's order). Overlapped (a remote host, where a request's
// round trip costs far more than the rate limit's spacing): the rules are started before the
// first test, in lanes, and each mocha test awaits its own rule's result, so mocha stays the
// runner and the reports keep the rules' order.
//
// A lane is the rules of one operation, in the registry's order, one rule after another:
// rules that change the same records (the fixtures' points redemptions, the redemption pools
// of the coupon updates, the unredeemed coupons the batch-limit rules hand on through
// ctx.shared) stay in the order of a sequential run, and a rule's own steps stay in order
// because it is one async function. The lanes run side by side (at most `lanes` at once);
// two requests naming the same customer are never in flight together (the client's customer
// lock), and the rate limit spaces every request start.
import type { Rule } from '../rules/registry.ts';
import type { CheckResult } from '../results/types.ts';

/** Overlap is on by default against a remote host; CONFORMANCE_OVERLAP=0 runs it sequentially. */
export const OVERLAP_ENV = 'CONFORMANCE_OVERLAP';

/** Rules in flight at once against a remote host: one per lane (4 operations and the rules of none). */
export const REMOTE_LANES = 5;

/**
 * The rules whose requests for one customer may be in flight together: the rule that sends
 * concurrent redemptions of one coupon on purpose. Their requests still never overlap another
 * rule's request for that customer (src/client/customer-lock.ts).
 */
export const SAME_CUSTOMER_TOGETHER: ReadonlySet<string> = new Set(['bulk-redeem.concurrent-redemption']);

/** Whether this run overlaps independent requests against a remote host. */
export function overlapWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[OVERLAP_ENV] !== '0';
}

/** The lane of a rule: its operation. */
export function laneOf(rule: Rule): string {
  return rule.meta.operation ?? '*';
}

export interface Schedule {
  /** Called from a root `before` hook: starts the rules when they overlap. */
  start(): void;
  /** The rule's result: from its lane when overlapped, else run now. */
  result(rule: Rule): Promise<CheckResult>;
}

export function schedule(rules: readonly Rule[], runRule: (rule: Rule) => Promise<CheckResult>, lanes: number): Schedule {
  if (lanes <= 1) return { start() {}, result: runRule };
  const results = new Map<Rule, Promise<CheckResult>>();
  const settle = new Map<Rule, { resolve: (r: CheckResult) => void; reject: (e: unknown) => void }>();
  for (const rule of rules) {
    const promise = new Promise<CheckResult>((resolve, reject) => settle.set(rule, { resolve, reject }));
    promise.catch(() => undefined); // reported by the rule's own test
    results.set(rule, promise);
  }
  const byLane = new Map<string, Rule[]>();
  for (const rule of rules) byLane.set(laneOf(rule), [...(byLane.get(laneOf(rule)) ?? []), rule]);
  const queue = [...byLane.values()];
  let started = false;
  async function worker(): Promise<void> {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const rule of lane) {
        try {
          settle.get(rule)!.resolve(await runRule(rule));
        } catch (error) {
          settle.get(rule)!.reject(error);
        }
      }
    }
  }
  return {
    start() {
      if (started) return;
      started = true;
      for (let i = 0; i < Math.min(lanes, queue.length); i++) void worker();
    },
    result(rule) {
      this.start();
      return results.get(rule)!;
    },
  };
}
