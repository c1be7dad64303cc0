// One file per failed check, `<reports>/failures/<check-id>.json` (format: src/replay/format.ts),
// for `conformance replay FILE...`. Every string is redacted before it is written.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAILURE_FORMAT, type SavedFailure } from '../replay/format.ts';
import type { CheckResult, Failure, Results } from '../results/types.ts';

export const FAILURES_DIR = 'failures';

/** The file name of a check's saved failure: the id, anything but letters, digits, `.`, `_`, `-` replaced. */
export function failureFileName(checkId: string): string {
  return `${checkId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** Every curl a failure names: its request, and each step's requests (a sequence). */
function requestsOf(f: Failure & Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof f.curl === 'string') out.push(f.curl);
  const steps = Array.isArray(f.steps) ? (f.steps as { curl?: unknown }[]) : [];
  for (const s of steps) for (const c of Array.isArray(s.curl) ? s.curl : []) if (typeof c === 'string') out.push(c);
  return [...new Set(out)];
}

/** The saved form of one failed check, or undefined when there is nothing to re-run (no failure, no rule). */
export function savedFailureOf(results: Results, check: CheckResult): SavedFailure | undefined {
  const failure = check.failure as (Failure & Record<string, unknown>) | undefined;
  if (check.status !== 'failed' || !failure) return undefined;
  const rule = check.kind === 'response' ? failure.rule : check.id;
  if (!rule) return undefined;
  const { run } = results;
  return {
    format: FAILURE_FORMAT,
    check: check.id,
    title: check.title,
    checkKind: check.kind,
    rule,
    operation: check.operation,
    ...(failure.kind ? { kind: failure.kind } : {}),
    seed: typeof failure.seed === 'number' ? failure.seed : run.seed,
    ...(typeof failure.path === 'string' ? { path: failure.path } : {}),
    ...(typeof failure.replayPath === 'string' ? { replayPath: failure.replayPath } : {}),
    failure,
    requests: requestsOf(failure),
    options: { bulkMax: run.bulkMax, runs: run.runsPerProperty ? null : run.runs, ...(run.runsPerProperty ? { runsPerProperty: run.runsPerProperty } : {}), ...(run.sequences ? { sequences: run.sequences } : {}) },
    seen: { host: run.host, started: run.started, tool: run.tool, version: run.version },
  };
}

/**
 * Writes `<dir>/failures/<check-id>.json` for every failed check (an earlier run's files are
 * removed first, so the directory holds this run's failures only). Returns the paths written.
 */
export async function writeFailureFiles(results: Results, dir: string, redact: (s: string) => string): Promise<string[]> {
  const folder = join(dir, FAILURES_DIR);
  await mkdir(folder, { recursive: true });
  for (const old of await readdir(folder)) if (old.endsWith('.json')) await rm(join(folder, old), { force: true });
  const files: string[] = [];
  for (const check of results.checks) {
    const saved = savedFailureOf(results, check);
    if (!saved) continue;
    const file = join(folder, failureFileName(check.id));
    await writeFile(file, redact(`${JSON.stringify(saved, null, 2)}\n`), 'utf8');
    files.push(file);
  }
  return files;
}
