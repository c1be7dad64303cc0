// The saved failure (`<reports>/failures/<check-id>.json`): what `conformance replay` needs to
// re-run one failed check, credentials redacted. Written by src/report (failures.ts), read and
// validated here. The format is generic: the failure is kept whole, so whatever a rule's
// failure carries (a property's seed, path and counterexample; a sequence's steps, path and
// replayPath) travels with it.
import type { Failure } from '../results/types.ts';
import { isObject } from '../util/json.ts';

export const FAILURE_FORMAT = 'conformance-failure/1';

export interface SavedFailure {
  format: typeof FAILURE_FORMAT;
  /** The check that failed: a rule id, or a response check (`bulk-redeem.response_schema_conformance`). */
  check: string;
  /** The check's title (the rule as a sentence). */
  title: string;
  /** What kind of check: scenario, property, sequence, response, schema. */
  checkKind: string;
  /** The rule to re-run: the check itself, or for a response check the rule whose request showed it. */
  rule: string;
  operation: string;
  /** The failure's family (Failure.kind). */
  kind?: string;
  /** The seed to re-run with: the property's or sequence's own, else the run's. */
  seed: number;
  /** fast-check's path (a shrunk property case or sequence) and the commands' replay path (a sequence). */
  path?: string;
  replayPath?: string;
  /** The failure as reported: title, Received, Documented, curl, response, and any engine's extra fields. */
  failure: Failure & Record<string, unknown>;
  /** The requests that showed it, as curl (credentials redacted). */
  requests: string[];
  /** The run's options that matter to re-create the case. */
  options: { bulkMax: number; runs: number | null; runsPerProperty?: { positive: number; negative: number }; sequences?: { runs: number; steps: number } };
  /** Where and when it was seen (the host label, credentials never included). */
  seen: { host: string; started: string; tool: string; version: string };
}

/** A replay file that cannot be read or is not a saved failure: exit 2, naming it. */
export class ReplayFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ReplayFileError';
  }
}


/** Checks a parsed value is a saved failure; throws a ReplayFileError naming the file and the key. */
export function checkSavedFailure(value: unknown, file: string): SavedFailure {
  if (!isObject(value)) throw new ReplayFileError(file, 'is not a saved failure (expected a JSON object)');
  if (value.format !== FAILURE_FORMAT) throw new ReplayFileError(file, `is not a saved failure (format must be "${FAILURE_FORMAT}", got ${JSON.stringify(value.format ?? null)})`);
  for (const key of ['check', 'title', 'rule', 'operation', 'checkKind'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new ReplayFileError(file, `${key} must be a non-empty string`);
  }
  if (!Number.isSafeInteger(value.seed)) throw new ReplayFileError(file, 'seed must be an integer');
  for (const key of ['path', 'replayPath', 'kind'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') throw new ReplayFileError(file, `${key} must be a string`);
  }
  if (value.path !== undefined && !/^\d+(:\d+)*$/.test(value.path as string)) throw new ReplayFileError(file, `path must be fast-check's path (digits and colons), got ${JSON.stringify(value.path)}`);
  const f = value.failure;
  if (!isObject(f) || typeof f.title !== 'string' || typeof f.received !== 'string' || typeof f.documented !== 'string') {
    throw new ReplayFileError(file, 'failure must have a title, received and documented');
  }
  if (!Array.isArray(value.requests) || !value.requests.every((r) => typeof r === 'string')) throw new ReplayFileError(file, 'requests must be a list of curl commands');
  const o = value.options;
  if (!isObject(o) || !Number.isSafeInteger(o.bulkMax) || (o.bulkMax as number) < 1) throw new ReplayFileError(file, 'options.bulkMax must be a positive integer');
  if (o.runs !== null && o.runs !== undefined && !(Number.isSafeInteger(o.runs) && (o.runs as number) >= 1)) throw new ReplayFileError(file, 'options.runs must be a positive integer or null');
  const q = o.sequences;
  if (q !== undefined && !(isObject(q) && Number.isSafeInteger(q.runs) && (q.runs as number) >= 0 && Number.isSafeInteger(q.steps) && (q.steps as number) >= 1)) {
    throw new ReplayFileError(file, 'options.sequences must be { runs, steps } (whole numbers)');
  }
  return value as unknown as SavedFailure;
}

// ------------------------------------------------------------------ comparing two failures

/**
 * A failure's text with what legitimately changes from one run to the next masked: timestamps,
 * coupon codes and generated ids (any token of 6+ letters and digits that has a digit, or a
 * run of 5+ digits), and durations. Documented codes (3 or 4 digits: 749, 1212) stay, so a
 * different code is a different failure.
 */
export function maskVolatile(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '‹time›')
    .replace(/\d{4}-\d{2}-\d{2}/g, '‹time›')
    .replace(/\d{1,2}\/\d{1,2}\/\d{4}/g, '‹time›')
    .replace(/\b\d+(\.\d+)?\s?ms\b/g, '‹ms›')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '‹id›')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{6,}\b/g, '‹code›')
    .replace(/\b\d{5,}\b/g, '‹id›');
}

export interface Comparison {
  same: boolean;
  /** What differs, one line each ("kind: schema-violation vs undocumented-code"). */
  differences: string[];
}

/** Whether a failure seen now is the saved one: same kind, and the same title, Received and Documented once masked. */
export function sameFailure(saved: Pick<Failure, 'kind' | 'title' | 'received' | 'documented'>, now: Pick<Failure, 'kind' | 'title' | 'received' | 'documented'>): Comparison {
  const differences: string[] = [];
  if ((saved.kind ?? null) !== (now.kind ?? null)) differences.push(`kind: ${saved.kind ?? '(none)'} → ${now.kind ?? '(none)'}`);
  for (const key of ['title', 'received', 'documented'] as const) {
    if (maskVolatile(saved[key]) !== maskVolatile(now[key])) differences.push(`${key}: ${JSON.stringify(saved[key])} → ${JSON.stringify(now[key])}`);
  }
  return { same: differences.length === 0, differences };
}
