// The vendor regression baseline: a previous run's results.json. Today's run is judged
// against it: a check that passed there and fails now is a new failure (exit 1); one that
// failed there too is still failing (reported, not counted); one that failed there and passes
// now is fixed; a check the baseline does not have (or only skipped) is new, judged normally.
import { readFileSync } from 'node:fs';
import type { CheckResult, CheckStatus } from '../results/types.ts';

export class GateConfigError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'GateConfigError';
  }
}

export interface Baseline {
  file: string;
  /** Check id → its status in the baseline run. */
  checks: Map<string, CheckStatus>;
  /** When and against what the baseline run was made (as its results.json says). */
  started?: string;
  host?: string;
}

const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'skipped'];

/** Reads and checks a baseline file; a missing or malformed one is a GateConfigError naming --baseline. */
export function loadBaseline(file: string): Baseline {
  const key = '--baseline';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GateConfigError(key, code === 'ENOENT' ? `${file}: no such file (record one with --write-baseline)` : `${file}: cannot be read (${code ?? String(err)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new GateConfigError(key, `${file} is not JSON (${(err as Error).message}); expected a results.json of a previous run`);
  }
  const checks = (data as { checks?: unknown })?.checks;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray(checks)) {
    throw new GateConfigError(key, `${file} is not a results.json: no "checks" list`);
  }
  const map = new Map<string, CheckStatus>();
  checks.forEach((c: unknown, i: number) => {
    const entry = c as { id?: unknown; status?: unknown };
    if (typeof entry?.id !== 'string' || !entry.id) throw new GateConfigError(key, `${file}: checks[${i}].id is missing or not a string`);
    if (!STATUSES.includes(entry.status as CheckStatus)) {
      throw new GateConfigError(key, `${file}: checks[${i}].status (${JSON.stringify(entry.status)}) is not one of ${STATUSES.join(', ')}`);
    }
    // An id twice (a failed hook and its rule): failed wins, as it would in the run.
    if (map.get(entry.id) !== 'failed') map.set(entry.id, entry.status as CheckStatus);
  });
  const run = (data as { run?: { started?: unknown; host?: unknown } }).run;
  return {
    file,
    checks: map,
    ...(typeof run?.started === 'string' ? { started: run.started } : {}),
    ...(typeof run?.host === 'string' ? { host: run.host } : {}),
  };
}

/** The `baseline` section of results.json. */
export interface BaselineSection {
  file: string;
  /** The baseline run's start and host, as recorded there. */
  started?: string;
  host?: string;
  /** Passed in the baseline, fail now: regressions, counted in the exit code. */
  newFailures: string[];
  /** Failed in the baseline, pass now. */
  fixed: string[];
  /** Failed in the baseline and fail now: reported, not counted. */
  stillFailing: string[];
  /** Not in the baseline (or only skipped there): judged normally. */
  new: string[];
  /** In the baseline but not run now (filtered by --grep, skipped, or gone). */
  notRun: string[];
}

/** Today's checks against the baseline. */
export function compareWithBaseline(checks: readonly Pick<CheckResult, 'id' | 'status'>[], baseline: Baseline): BaselineSection {
  const section: BaselineSection = {
    file: baseline.file,
    ...(baseline.started ? { started: baseline.started } : {}),
    ...(baseline.host ? { host: baseline.host } : {}),
    newFailures: [],
    fixed: [],
    stillFailing: [],
    new: [],
    notRun: [],
  };
  const now = new Map<string, CheckStatus>();
  for (const c of checks) if (now.get(c.id) !== 'failed') now.set(c.id, c.status);
  for (const [id, status] of now) {
    // A check that did not run now (skipped, or a response check no answer was in scope of) is nothing new.
    if (status === 'skipped') continue;
    const before = baseline.checks.get(id);
    if (before === undefined || before === 'skipped') {
      section.new.push(id);
      continue;
    }
    if (status === 'failed') (before === 'passed' ? section.newFailures : section.stillFailing).push(id);
    else if (status === 'passed' && before === 'failed') section.fixed.push(id);
  }
  for (const [id, before] of baseline.checks) {
    if (before !== 'skipped' && (!now.has(id) || now.get(id) === 'skipped')) section.notRun.push(id);
  }
  return section;
}
