// Replay (issue 17, part 1): each saved failure is re-run as its rule, alone, with the saved
// seed (so the rule draws the same requests and re-creates what it needs: fresh coupons are
// issued again), the saved batch limit, and for a property or a sequence fast-check's path
// (and the commands' replay path): exactly the saved case, not shrunk again. The verdict per
// case: FIXED (the check passes), STILL FAILING (same check, same failure kind, and the same
// title / Received / Documented once coupon codes, ids and timestamps are masked), FAILING
// DIFFERENTLY (it fails, but not so), or NOT RUN (the check could not run: a write guard, a
// request that never came). Schemathesis's `st replay` is the model.
import type { Config } from '../config/index.ts';
import { group, loadGroups, type RuleGroup } from '../rules/registry.ts';
import type { CheckResult, Failure } from '../results/types.ts';
import { loadSavedFailure, ReplayFileError, sameFailure, type SavedFailure } from '../replay/index.ts';
import { EXIT, run, type RunDeps } from './index.ts';

export type ReplayVerdict = 'fixed' | 'still-failing' | 'failing-differently' | 'not-run';

export const VERDICT_WORDS: Record<ReplayVerdict, string> = {
  fixed: 'FIXED',
  'still-failing': 'STILL FAILING',
  'failing-differently': 'FAILING DIFFERENTLY',
  'not-run': 'NOT RUN',
};

export interface ReplayCase {
  file: string;
  saved: SavedFailure;
  verdict: ReplayVerdict;
  /** The failure seen now (still failing or failing differently). */
  now?: Failure;
  /** What differs from the saved failure (failing differently). */
  differences?: string[];
  /** Why the check did not run (not run). */
  reason?: string;
  requests: number;
}

export interface ReplayOutcome {
  cases: ReplayCase[];
  exitCode: number;
}

/** Reads every file first: one bad file stops the replay before anything is sent (exit 2, naming it). */
export function loadReplayFiles(files: readonly string[]): { file: string; saved: SavedFailure }[] {
  if (!files.length) throw new ReplayFileError('replay', 'needs at least one saved failure (reports/failures/<check-id>.json)');
  return files.map((file) => ({ file, saved: loadSavedFailure(file) }));
}

/** The one group holding the rule to re-run, or a ReplayFileError when the suite has no such rule. */
function groupOf(groups: readonly RuleGroup[], file: string, ruleId: string): RuleGroup {
  for (const g of groups) {
    const r = g.rules.find((x) => x.meta.id === ruleId);
    if (r) return group(g.title, [r]);
  }
  throw new ReplayFileError(file, `names the rule ${ruleId}, which this suite does not have`);
}

function judge(saved: SavedFailure, check: CheckResult | undefined): Pick<ReplayCase, 'verdict' | 'now' | 'differences' | 'reason'> {
  if (!check) return { verdict: 'not-run', reason: `the check ${saved.check} was not reported` };
  if (check.status === 'passed') return { verdict: 'fixed' };
  if (check.status === 'skipped') return { verdict: 'not-run', reason: check.skipReason ?? 'skipped' };
  const seen = check.failures?.length ? check.failures : check.failure ? [check.failure] : [];
  if (!seen.length) return { verdict: 'failing-differently', differences: ['failed without a recorded failure'] };
  for (const f of seen) if (sameFailure(saved.failure, f).same) return { verdict: 'still-failing', now: f };
  return { verdict: 'failing-differently', now: seen[0], differences: sameFailure(saved.failure, seen[0]).differences };
}

/**
 * Replays each saved failure against the configured (or embedded) host, one case after the
 * other, each in its own run (the embedded host is started afresh for each). Throws
 * ReplayFileError (exit 2) for a bad file, RunUsageError for a run that cannot start.
 */
export async function replay(
  config: Readonly<Config>,
  files: readonly string[],
  deps: Pick<RunDeps, 'startHost' | 'groups' | 'tool'> & { caseEnded?: (c: ReplayCase) => void } = {},
): Promise<ReplayOutcome> {
  const loaded = loadReplayFiles(files);
  const groups = deps.groups ?? (await loadGroups());
  const planned = loaded.map(({ file, saved }) => ({ file, saved, group: groupOf(groups, file, saved.rule) }));
  const cases: ReplayCase[] = [];
  for (const { file, saved, group: g } of planned) {
    const caseConfig: Config = {
      ...config,
      seed: saved.seed,
      grep: null,
      runs: saved.options.runs ?? null,
      bulkMax: saved.options.bulkMax,
      sequences: saved.options.sequences ?? config.sequences,
      replay: { ...(saved.path !== undefined ? { path: saved.path } : {}), ...(saved.replayPath !== undefined ? { replayPath: saved.replayPath } : {}) },
      compare: undefined,
    };
    const outcome = await run(caseConfig, { startHost: deps.startHost, groups: [g], tool: deps.tool, sequential: true, writeReports: false });
    const check = outcome.results.checks.find((c) => c.id === saved.check);
    const c: ReplayCase = { file, saved, ...judge(saved, check), requests: outcome.requests };
    cases.push(c);
    deps.caseEnded?.(c);
  }
  return { cases, exitCode: cases.every((c) => c.verdict === 'fixed') ? EXIT.conforms : EXIT.nonConformance };
}
