// When the rules run against a remote host (src/runner/schedule.ts): rules that use the same
// record never run at once and keep the registry's order; every other rule may overlap; the
// longest chain starts first. And which customer a rule acts for (customersFor).
import { expect } from 'chai';
import { loadGroups, POINTS_RECORDS, rule, type Rule } from '../../src/rules/registry.ts';
import { dependencies, ranks, resourcesOf, schedule } from '../../src/runner/schedule.ts';
import { customersFor, pointsShares, RUN_KEY_PREFIX, Shared } from '../../src/runtime/context.ts';
import type { CheckResult } from '../../src/results/types.ts';

const fake = (id: string, uses?: string[], operation?: 'updatePointsRedemption'): Rule =>
  rule({ id, title: id, kind: 'scenario', source: 'test', writes: false, ...(uses ? { uses } : {}), ...(operation ? { operation } : {}) }, async () => undefined);

/** Runs `rules` through the schedule; each takes `ms`; returns when each started and ended. */
async function timeline(rules: Rule[], inFlight: number, ms = 15): Promise<{ id: string; start: number; end: number }[]> {
  const spans: { id: string; start: number; end: number }[] = [];
  const t0 = performance.now();
  const plan = schedule(rules, async (r): Promise<CheckResult> => {
    const start = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, ms));
    spans.push({ id: r.meta.id, start, end: performance.now() - t0 });
    return { id: r.meta.id, title: r.title, status: 'passed', durationMs: ms } as CheckResult;
  }, inFlight);
  plan.start();
  await Promise.all(rules.map((r) => plan.result(r)));
  return spans;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

describe('schedule: what may overlap against a remote host', () => {
  it('makes every points update rule use the fixtures\' points records, besides what a rule names', () => {
    expect(resourcesOf(fake('p', undefined, 'updatePointsRedemption'))).to.deep.equal([POINTS_RECORDS]);
    expect(resourcesOf(fake('x', ['handoff']))).to.deep.equal(['handoff']);
    expect(resourcesOf(fake('y'))).to.deep.equal([]);
  });

  it('never runs two rules that use the same record at once, and keeps their registry order', async () => {
    const rules = [fake('a1', ['A']), fake('free1'), fake('b1', ['B']), fake('a2', ['A']), fake('free2'), fake('ab', ['A', 'B']), fake('a3', ['A'])];
    const spans = await timeline(rules, 8);
    const of = (id: string) => spans.find((s) => s.id === id)!;
    for (const [x, y] of [['a1', 'a2'], ['a2', 'ab'], ['ab', 'a3'], ['b1', 'ab']]) {
      expect(overlap(of(x), of(y)), `${x} and ${y} overlapped`).to.equal(false);
      expect(of(x).end, `${x} before ${y}`).to.be.at.most(of(y).start + 1);
    }
    // Rules with nothing in common do overlap: the schedule is not sequential.
    expect(overlap(of('a1'), of('free1')) && overlap(of('a1'), of('b1'))).to.equal(true);
  });

  it('keeps at most the cap in flight', async () => {
    const rules = Array.from({ length: 9 }, (_, i) => fake(`r${i}`));
    const spans = await timeline(rules, 3);
    // The most in flight at one instant: at some rule's start, the rules started and not ended.
    const most = Math.max(...spans.map((s) => spans.filter((t) => t.start <= s.start && s.start < t.end).length));
    expect(most).to.equal(3);
  });

  it('ranks a rule by the work down its chain, and starts the longest chain first', async () => {
    const rules = [fake('free1'), fake('free2'), fake('c1', ['C']), fake('c2', ['C']), fake('c3', ['C'])];
    const rank = ranks(rules, () => 1);
    expect(rules.map((r) => rank.get(r))).to.deep.equal([1, 1, 3, 2, 1]);
    const spans = await timeline(rules, 1 + 1);
    expect(spans.sort((a, b) => a.start - b.start)[0].id).to.equal('c1');
  });

  it('in the registry: the sequences wait for the last points update rule when they share the points records, not when they have their own; the exact batch limit waits for the exceeded one', async () => {
    const rules = (await loadGroups()).flatMap((g) => g.rules);
    const after = dependencies(rules);
    const byId = (id: string) => rules.find((r) => r.meta.id === id)!;
    const lastPoints = rules.filter((r) => r.meta.operation === 'updatePointsRedemption').at(-1)!;
    expect(after.get(byId('sequences.model'))!.map((r) => r.meta.id)).to.include(lastPoints.meta.id);
    expect(dependencies(rules, false).get(byId('sequences.model'))).to.deep.equal([]);
    expect(after.get(byId('bulk-redeem.batch-limit-exact'))!.map((r) => r.meta.id)).to.deep.equal(['bulk-redeem.batch-limit-exceeded']);
    // Most rules are free to overlap.
    expect(rules.filter((r) => after.get(r)!.length === 0).length).to.be.greaterThan(rules.length / 2);
  });
});

describe('pointsShares: which points records the rules and the sequences update', () => {
  it('shares every record below 4; from 4, the first half for the rules and the rest for the sequences, at least 2 each', () => {
    for (const n of [1, 2, 3]) {
      const records = Array.from({ length: n }, (_, i) => i);
      expect(pointsShares(records)).to.deep.equal({ rules: records, sequences: records, shared: true });
    }
    expect(pointsShares([0, 1, 2, 3])).to.deep.equal({ rules: [0, 1], sequences: [2, 3], shared: false });
    expect(pointsShares([0, 1, 2, 3, 4])).to.deep.equal({ rules: [0, 1, 2], sequences: [3, 4], shared: false });
  });
});

describe('customersFor: which customer a rule acts for', () => {
  const customers = ['c0', 'c1', 'c2', 'c3'];
  it('is every customer, rotated, the same for the same name', () => {
    const a = customersFor(customers, 'bulk-redeem.atomic-failure');
    expect([...a].sort()).to.deep.equal(customers);
    expect(customersFor(customers, 'bulk-redeem.atomic-failure')).to.deep.equal(a);
    expect(a.slice(1)).to.deep.equal([...customers, ...customers].slice(customers.indexOf(a[0]) + 1, customers.indexOf(a[0]) + 4));
  });

  it('spreads the registry\'s rules over every fixtures customer', async () => {
    const ids = (await loadGroups()).flatMap((g) => g.rules.map((r) => r.meta.id));
    const firsts = new Map<string, number>();
    for (const id of ids) firsts.set(customersFor(customers, id)[0], (firsts.get(customersFor(customers, id)[0]) ?? 0) + 1);
    expect([...firsts.keys()].sort()).to.deep.equal(customers);
    for (const n of firsts.values()) expect(n).to.be.greaterThan(ids.length / 8);
  });
});

describe('ctx.shared: a handoff between rules is named in uses', () => {
  it('lets a rule get and set only the keys it uses and the run\'s own; memo is free; a forgotten key fails naming the rule', () => {
    const run = new Shared();
    const giver = run.for({ id: 'x.gives', uses: ['handoff'] });
    const taker = run.for({ id: 'x.takes', uses: ['handoff'] });
    giver.set('handoff', [1, 2]);
    expect(taker.get('handoff')).to.deep.equal([1, 2]);
    taker.set(`${RUN_KEY_PREFIX}flag`, true);
    expect(giver.get(`${RUN_KEY_PREFIX}flag`)).to.equal(true);
    expect(giver.memo('pool', () => 'made once')).to.equal(taker.memo('pool', () => 'not made'));
    const forgetful = run.for({ id: 'x.forgets' });
    expect(() => forgetful.get('handoff')).to.throw(/x\.forgets: ctx\.shared key 'handoff' is handed between rules but not in the rule's uses/);
    expect(() => forgetful.set('other', 1)).to.throw(/name it in uses/);
    // The run's own view is not a rule's.
    expect(run.get('handoff')).to.deep.equal([1, 2]);
  });
});
