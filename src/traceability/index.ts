// Rule traceability: the catalogue of documented rules (catalogue.ts), the checks that cover
// each (coverage.ts, mapping.ts), every check of the suite without a host (checks.ts), and
// the rules page (render.ts) that `npm run docs` writes.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../results/types.ts';
import { listChecks } from './checks.ts';
import { trace, type Traceability } from './coverage.ts';
import { renderRulesHtml, renderRulesMarkdown, type LastRun } from './render.ts';

export { buildCatalogue, RULE_KINDS, type DocumentedRule, type RuleKind } from './catalogue.ts';
export { trace, isClean, describeProblems, type CheckRef, type Traceability } from './coverage.ts';
export { listChecks, responseCheckRefs, ruleRefs } from './checks.ts';
export { renderRulesHtml, renderRulesMarkdown, ruleStatus } from './render.ts';
export { MAPPING, UNCOVERED_NOTES } from './mapping.ts';

/** A results.json, when the file exists and reads as one; undefined otherwise. */
export function readLastRun(file: string): LastRun | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
    if (!Array.isArray(results?.checks) || !results.run) return undefined;
    return { file, results };
  } catch {
    return undefined;
  }
}

export interface RulesDocs {
  trace: Traceability;
  files: string[];
}

/** Writes rules.html and rules.md into `outDir`: every documented rule, its checks, their last result. */
export async function writeRulesDocs(options: { outDir: string; last?: LastRun; now?: Date }): Promise<RulesDocs> {
  const checks = await listChecks();
  const traced = trace(checks);
  const view = { trace: traced, last: options.last, generated: (options.now ?? new Date()).toISOString() };
  await mkdir(options.outDir, { recursive: true });
  const files = [join(options.outDir, 'rules.html'), join(options.outDir, 'rules.md')];
  await writeFile(files[0], renderRulesHtml(view), 'utf8');
  await writeFile(files[1], renderRulesMarkdown(view), 'utf8');
  return { trace: traced, files };
}
