// Rules as data. A spec file states the vendor's rules with `rule(meta, run)` and exports
// them as one group (`export default group(title, [...])`); nothing is registered as a side
// effect. The runner (src/runner) turns the groups into mocha tests, and listing checks,
// --grep, known ids and traceability read the same groups without running anything.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'glob';
import type { OperationId } from '../contract/index.ts';
import type { RuleContext } from '../runtime/context.ts';

export type RuleKind = 'schema' | 'scenario' | 'property' | 'sequence';

export interface RuleMeta {
  /** Stable, dotted: `bulk-redeem.atomic-failure`. Its id in reports, filters and baselines. */
  id: string;
  /** The rule as a sentence: 'should redeem nothing when one coupon is invalid'. */
  title: string;
  operation?: OperationId;
  kind: RuleKind;
  /** The vendor page (and passage) the rule comes from. */
  source: string;
  /** Needs requests that change state on a conforming host (issue, redeem, update). */
  writes: boolean;
  tags?: string[];
  /**
   * The documented rules it covers (ids of the rules catalogue, src/traceability), beyond
   * what its id says; `{prefix}` stands for the operation's check prefix.
   */
  covers?: string[];
  /**
   * The run's records the rule relies on across its requests, or hands on to another rule
   * (`POINTS_RECORDS`, a name of its own for a handoff through ctx.shared). Against a remote
   * host rules overlap; rules that use the same record never do, and keep the registry's
   * order (src/runner/schedule.ts).
   */
  uses?: readonly string[];
}

/** The fixtures' points redemptions the points update rules update (ctx.pointsRecords). */
export const POINTS_RECORDS = 'fixtures.pointsRedemptions';
/**
 * The fixtures' points redemptions the sequences update. With 4 or more in the fixtures, the
 * rules take the first half and the sequences the rest (`pointsShares`), so the two never
 * touch one record and may overlap; with fewer they share every record, and this names the
 * same record set as POINTS_RECORDS (the schedule keeps them in order).
 */
export const SEQUENCE_POINTS_RECORDS = 'fixtures.pointsRedemptions.sequences';

export interface Rule {
  readonly meta: RuleMeta & { tags: string[] };
  /** The mocha title: `[bulk-redeem] should ... [destructive]`. */
  readonly title: string;
  run(ctx: RuleContext): Promise<void>;
}

export interface RuleGroup {
  readonly title: string;
  readonly rules: readonly Rule[];
}

function tagsOf(meta: RuleMeta): string[] {
  const tags = [meta.id.split('.')[0], ...(meta.tags ?? [])];
  if (meta.writes) tags.push('destructive');
  return [...new Set(tags)];
}

export function titleOf(meta: RuleMeta): string {
  const [first, ...rest] = tagsOf(meta);
  return `[${first}] ${meta.title}${rest.map((t) => ` [${t}]`).join('')}`;
}

export function rule(meta: RuleMeta, run: (ctx: RuleContext) => Promise<void>): Rule {
  return { meta: { ...meta, tags: tagsOf(meta) }, title: titleOf(meta), run };
}

/** A spec file's rules under one heading (mocha's describe title). */
export function group(title: string, rules: readonly Rule[]): RuleGroup {
  return { title, rules };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The spec files of the conformance suite: the root .mocharc.json's `spec` globs. */
export async function specFiles(): Promise<string[]> {
  const rc = JSON.parse(readFileSync(`${ROOT}.mocharc.json`, 'utf8')) as { spec: string[] };
  return (await glob(rc.spec, { cwd: ROOT, absolute: true })).sort();
}

function isGroup(value: unknown): value is RuleGroup {
  return typeof value === 'object' && value !== null && typeof (value as RuleGroup).title === 'string' && Array.isArray((value as RuleGroup).rules);
}

/** Every spec file's group, in file order. A spec file without a default group is an error, not silence. */
export async function loadGroups(files?: readonly string[]): Promise<RuleGroup[]> {
  const groups: RuleGroup[] = [];
  for (const file of files ?? (await specFiles())) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const found = Array.isArray(mod.default) ? mod.default : [mod.default];
    if (!found.every(isGroup)) throw new Error(`${file}: a spec file exports its rules as \`export default group(title, [rule(...), ...])\``);
    groups.push(...(found as RuleGroup[]));
  }
  const seen = new Set<string>();
  for (const r of groups.flatMap((g) => g.rules)) {
    if (seen.has(r.meta.id)) throw new Error(`two rules share the id ${r.meta.id}`);
    seen.add(r.meta.id);
  }
  return groups;
}

/** The rules --grep selects: the pattern over the title (with its tags) or the check id. */
export function selectRules(groups: readonly RuleGroup[], grep: string | null): RuleGroup[] {
  if (!grep) return [...groups];
  const re = new RegExp(grep);
  return groups
    .map((g) => group(g.title, g.rules.filter((r) => re.test(`${g.title} ${r.title}`) || re.test(r.meta.id))))
    .filter((g) => g.rules.length > 0);
}
