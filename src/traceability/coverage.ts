// Rule traceability: which documented rules (catalogue.ts) each check covers, and so which
// checks cover each rule. Computed from the check ids, the operations' situation keys, the
// `covers` of each rule's definition and the response checks' MAPPING; no host is needed.
import type { CheckResult } from '../results/types.ts';
import { buildCatalogue, type DocumentedRule } from './catalogue.ts';
import { MAPPING, UNCOVERED_NOTES, type MappingEntry } from './mapping.ts';
import { loadDocument, readOperations, type OperationInfo } from '../contract/index.ts';

/** What traceability needs to know of a check. */
export interface CheckRef {
  id: string;
  kind: CheckResult['kind'];
  title?: string;
  /** The vendor page the check names. */
  source?: string;
  operation?: string;
  /** The documented rules the check's own definition says it covers (`{prefix}`: its id prefix). */
  covers?: readonly string[];
}


export interface Coverage {
  /** The check id. */
  check: string;
  /** How the link was made: 'response check', 'id names the situation', 'mutator <name>', 'mapping <pattern>', 'via situation <key>'. */
  via: string;
}

export interface TracedRule {
  rule: DocumentedRule;
  /** The checks that cover it, in check order (a check once, with its first reason). */
  checks: Coverage[];
  /** Why no check covers it, where that is on purpose. */
  note?: string;
}

export interface TracedCheck extends CheckRef {
  /** The rule ids it covers: directly, then through its situations (their codes and statuses). */
  rules: string[];
}

export interface TraceProblems {
  /** Checks that cover no documented rule. */
  checksWithoutRule: string[];
  /** Mapping entries (or mutators) that name a rule id the catalogue does not have. */
  unknownRules: { from: string; rule: string }[];
  /** Mapping entries that match no check. */
  entriesWithoutCheck: string[];
}

export interface Traceability {
  rules: TracedRule[];
  checks: TracedCheck[];
  uncovered: TracedRule[];
  problems: TraceProblems;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function prefixOf(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? '' : id.slice(0, dot);
}

/** The situation a scenario's id names: its last dotted segment is the key, or ends in `-<key>`. */
function situationNamedBy(id: string, op: OperationInfo): string | undefined {
  const last = id.slice(id.lastIndexOf('.') + 1);
  const keys = Object.keys(op.situations).sort((a, b) => b.length - a.length);
  return keys.find((key) => last === key || last.endsWith(`-${key}`));
}

export interface TraceOptions {
  catalogue?: DocumentedRule[];
  /** What each check covers by its definition (rule meta `covers`), by check id; a ref's own `covers` wins. */
  covers?: ReadonlyMap<string, readonly string[]>;
  mapping?: readonly MappingEntry[];
}

/** The traceability of a set of checks against the catalogue of documented rules. */
export function trace(checks: readonly CheckRef[], options: TraceOptions = {}): Traceability {
  const catalogue = options.catalogue ?? buildCatalogue();
  const mapping = options.mapping ?? MAPPING;
  const byId = new Map(catalogue.map((r) => [r.id, r]));
  const operations = readOperations(loadDocument());
  const opByPrefix = new Map(operations.map((op) => [op.prefix, op]));
  const problems: TraceProblems = { checksWithoutRule: [], unknownRules: [], entriesWithoutCheck: [] };
  const matchers = mapping.map((entry) => ({ entry, re: globToRegExp(entry.checks), used: false }));
  const coverage = new Map<string, Coverage[]>(catalogue.map((r) => [r.id, []]));
  const traced: TracedCheck[] = [];

  for (const check of checks) {
    const prefix = prefixOf(check.id);
    const op = opByPrefix.get(prefix);
    const direct = new Map<string, string>(); // rule id → via
    const add = (ruleId: string, via: string, from: string) => {
      if (!byId.has(ruleId)) {
        if (!problems.unknownRules.some((p) => p.from === from && p.rule === ruleId)) problems.unknownRules.push({ from, rule: ruleId });
        return;
      }
      if (!direct.has(ruleId)) direct.set(ruleId, via);
    };
    if (check.kind === 'response' && op) {
      add(`${prefix}.response.${check.id.slice(prefix.length + 1)}`, 'response check', check.id);
    }
    if (op) {
      const named = check.kind === 'scenario' ? situationNamedBy(check.id, op) : undefined;
      if (named) add(`${prefix}.situation.${named}`, 'id names the situation', check.id);
    }
    for (const r of check.covers ?? options.covers?.get(check.id) ?? []) add(r.replaceAll('{prefix}', prefix), 'declared by the rule', check.id);
    for (const m of matchers) {
      if (!m.re.test(check.id)) continue;
      m.used = true;
      const via = m.entry.checks === check.id ? 'mapping' : `mapping ${m.entry.checks}`;
      for (const r of m.entry.rules) add(r.replaceAll('{prefix}', prefix), via, `mapping ${m.entry.checks}`);
    }
    // A situation brings the codes that answer it and the statuses it documents.
    const all = new Map(direct);
    for (const ruleId of direct.keys()) {
      const rule = byId.get(ruleId)!;
      if (rule.kind !== 'situation') continue;
      const sop = opByPrefix.get(rule.prefix);
      const situation = sop?.situations[ruleId.slice(`${rule.prefix}.situation.`.length)];
      if (!sop || !situation) continue;
      const via = `via situation ${situation.key}`;
      for (const code of situation.codes) if (byId.has(`${sop.prefix}.code.${code}`) && !all.has(`${sop.prefix}.code.${code}`)) all.set(`${sop.prefix}.code.${code}`, via);
      for (const status of situation.httpStatus ?? []) {
        const id = `${sop.prefix}.status.${status}`;
        if (byId.has(id) && !all.has(id)) all.set(id, via);
      }
    }
    if (!all.size) problems.checksWithoutRule.push(check.id);
    for (const [ruleId, via] of all) coverage.get(ruleId)!.push({ check: check.id, via });
    traced.push({ ...check, rules: [...all.keys()] });
  }
  problems.entriesWithoutCheck = matchers.filter((m) => !m.used).map((m) => m.entry.checks);
  const rules = catalogue.map((rule) => {
    const checksOf = coverage.get(rule.id)!;
    return { rule, checks: checksOf, ...(checksOf.length === 0 && UNCOVERED_NOTES[rule.id] ? { note: UNCOVERED_NOTES[rule.id] } : {}) };
  });
  return { rules, checks: traced, uncovered: rules.filter((r) => r.checks.length === 0), problems };
}

/** True when the traceability has nothing to complain about. */
export function isClean(problems: TraceProblems): boolean {
  return !problems.checksWithoutRule.length && !problems.unknownRules.length && !problems.entriesWithoutCheck.length;
}

/** The problems, one line each. */
export function describeProblems(problems: TraceProblems): string[] {
  return [
    ...problems.checksWithoutRule.map((id) => `check ${id} covers no documented rule (say which in its rule's \`covers\`)`),
    ...problems.unknownRules.map((p) => `${p.from} names rule ${p.rule}, which the catalogue does not have`),
    ...problems.entriesWithoutCheck.map((c) => `mapping entry '${c}' matches no check`),
  ];
}
