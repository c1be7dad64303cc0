// What every report shows, computed once from a Results value: the counts, the failures of a
// check, the operation × check matrix, the labels. junit.xml, report.html and conformance.md
// all read these helpers, so the three renderings cannot disagree with each other (or with
// results.json) on counts, ids or grouping.
import type { CheckResult, CheckStatus, Failure, Results } from '../results/types.ts';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

/** The counts, from the checks themselves (what junit.xml counts too). */
export function tally(checks: readonly CheckResult[]): Tally {
  const t: Tally = { passed: 0, failed: 0, skipped: 0, total: 0 };
  for (const c of checks) {
    t[c.status] += 1;
    t.total += 1;
  }
  return t;
}

/**
 * When the run's own summary disagrees with its checks (a bug upstream), a sentence saying so;
 * the reports show the counts of the checks, and this line beside them. Null when they agree.
 */
export function summaryMismatch(results: Results): string | null {
  const t = tally(results.checks);
  const s = results.summary;
  if (s.passed === t.passed && s.failed === t.failed && s.skipped === t.skipped && s.total === t.total) return null;
  return `the run's summary (${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.total} total) disagrees with its checks (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.total} total); the counts shown are the checks'`;
}

/** Every failure recorded for a check: `failures` when given, with `failure` first if it is not among them. */
export function failuresOf(check: CheckResult): Failure[] {
  const list = [...(check.failures ?? [])];
  if (check.failure && !list.some((f) => f === check.failure || sameFailure(f, check.failure!))) list.unshift(check.failure);
  return list;
}

function sameFailure(a: Failure, b: Failure): boolean {
  return a.title === b.title && a.received === b.received && a.documented === b.documented && a.curl === b.curl;
}

/** The operation as a report names it: '*' (a check not tied to one operation) is "general". */
export function operationLabel(operation: string): string {
  return operation === '*' ? 'general' : operation;
}

/** `bulk-redeem.atomic-failure` → prefix `bulk-redeem`, name `atomic-failure` (the part after the first dot). */
export function splitId(id: string): { prefix: string; name: string } {
  const dot = id.indexOf('.');
  return dot < 0 ? { prefix: '', name: id } : { prefix: id.slice(0, dot), name: id.slice(dot + 1) };
}

/**
 * The check-name family a check counts under in the matrix: its check name (the part of the id
 * after the first dot), cut at the name's own first dot (`coupon-issue.errors.702` → `errors`)
 * and, failing that, before the first dash-separated word that holds a digit, which names one
 * instance of a rule (`points-update.error-749-both-identifiers` → `error`,
 * `bulk-redeem.batch-limit-51` → `batch-limit`). Names shared across operations
 * (`response_schema_conformance`) are families of their own.
 */
export function checkFamily(id: string): string {
  const { name } = splitId(id);
  const dotted = name.split('.')[0];
  if (dotted !== name) return dotted || name;
  const words = name.split('-');
  const firstNumbered = words.findIndex((w) => /\d/.test(w));
  if (firstNumbered > 0) return words.slice(0, firstNumbered).join('-');
  return name;
}

export interface Cell extends Tally {
  /** The ids of the checks in the cell, in run order. */
  ids: string[];
  /** The cell's verdict: failed if any failed, else passed if any passed, else skipped. */
  status: CheckStatus;
}

export interface MatrixRow {
  operation: string;
  label: string;
  cells: Map<string, Cell>;
  total: Tally;
}

export interface MatrixColumn {
  /** The check-name family, or for a catch-all column its label ('other scenarios'). */
  key: string;
  /** True for a column that collects the families found under one operation only. */
  catchAll: boolean;
}

export interface Matrix {
  /** The columns' keys, in display order (as `columns`). */
  families: string[];
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Per column, over all operations (the matrix's bottom row). */
  familyTotals: Map<string, Cell>;
  /** The column a check is counted in. */
  columnOf: Map<string, string>;
}

const KIND_ORDER: Record<CheckResult['kind'], number> = { response: 0, schema: 1, property: 2, scenario: 3, sequence: 4 };
const CATCH_ALL: Partial<Record<CheckResult['kind'], string>> = { property: 'other properties', scenario: 'other scenarios', sequence: 'sequences' };

function emptyCell(): Cell {
  return { passed: 0, failed: 0, skipped: 0, total: 0, ids: [], status: 'skipped' };
}

function add(cell: Cell, status: CheckStatus, id: string): void {
  cell[status] += 1;
  cell.total += 1;
  cell.ids.push(id);
  cell.status = cell.failed > 0 ? 'failed' : cell.passed > 0 ? 'passed' : 'skipped';
}

/**
 * The operation × check matrix. Rows: operations in run order ('*', "general", last).
 * Columns: check-name families (`checkFamily`), the per-response checks first, then schema,
 * property and scenario families, each in run order. A property or scenario family that only
 * one operation has (most scenarios: `bulk-redeem.atomic-failure`) would be a column with a
 * single cell, so such families are counted together under "other properties" / "other
 * scenarios" (last); when the run has one operation only, every family keeps its column.
 */
export function matrix(checks: readonly CheckResult[]): Matrix {
  const info = new Map<string, { kind: CheckResult['kind']; first: number; operations: Set<string> }>();
  const operations = new Set<string>();
  checks.forEach((c, i) => {
    const family = checkFamily(c.id);
    operations.add(c.operation);
    const entry = info.get(family) ?? { kind: c.kind, first: i, operations: new Set<string>() };
    entry.operations.add(c.operation);
    info.set(family, entry);
  });
  const keyOf = (family: string): string => {
    const entry = info.get(family)!;
    const catchAll = CATCH_ALL[entry.kind];
    return catchAll && operations.size > 1 && entry.operations.size < 2 ? catchAll : family;
  };
  const catchAlls = new Set(Object.values(CATCH_ALL));
  const order = new Map<string, [number, number, number]>();
  for (const [family, entry] of info) {
    const key = keyOf(family);
    const rank: [number, number, number] = [catchAlls.has(key) ? 1 : 0, KIND_ORDER[entry.kind], entry.first];
    const known = order.get(key);
    if (!known || rank[1] < known[1] || (rank[1] === known[1] && rank[2] < known[2])) order.set(key, rank);
  }
  const families = [...order.keys()].sort((a, b) => {
    const [x, y] = [order.get(a)!, order.get(b)!];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });

  const rowsByOp = new Map<string, MatrixRow>();
  const familyTotals = new Map<string, Cell>(families.map((f) => [f, emptyCell()]));
  const columnOf = new Map<string, string>();
  for (const c of checks) {
    const key = keyOf(checkFamily(c.id));
    columnOf.set(c.id, key);
    let row = rowsByOp.get(c.operation);
    if (!row) {
      row = { operation: c.operation, label: operationLabel(c.operation), cells: new Map(), total: tally([]) };
      rowsByOp.set(c.operation, row);
    }
    let cell = row.cells.get(key);
    if (!cell) row.cells.set(key, (cell = emptyCell()));
    add(cell, c.status, c.id);
    add(familyTotals.get(key)!, c.status, c.id);
    row.total[c.status] += 1;
    row.total.total += 1;
  }
  const rows = [...rowsByOp.values()];
  rows.sort((a, b) => Number(a.operation === '*') - Number(b.operation === '*'));
  const columns = families.map((key) => ({ key, catchAll: catchAlls.has(key) }));
  return { families, columns, rows, familyTotals, columnOf };
}

/** 83 ms, 4.2 s, 3 min 07 s, 1 h 02 min. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(sec).padStart(2, '0')} s`;
}

/** '2025-03-04T10:11:12.345Z' → '2025-03-04 10:11:12 UTC'; anything unparsable as given. */
export function formatStarted(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** What the exit code means (DESIGN.md: 0 conforms, 1 non-conformance, 2 usage/configuration). */
export function verdict(exitCode: number): { word: string; tone: 'pass' | 'fail' | 'warn' } {
  if (exitCode === 0) return { word: 'Conforms', tone: 'pass' };
  if (exitCode === 1) return { word: 'Non-conformance found', tone: 'fail' };
  if (exitCode === 2) return { word: 'Usage or configuration error', tone: 'warn' };
  return { word: `Exit code ${exitCode}`, tone: 'warn' };
}

/** The run-information lines every report shows, in one order. */
export function runFacts(results: Results): Array<[string, string]> {
  const r = results.run;
  const facts: Array<[string, string]> = [
    ['Host', r.host],
    ['Started', formatStarted(r.started)],
    ['Duration', formatDuration(r.durationMs)],
    ['Seed', String(r.seed)],
    ['Runs per property', String(r.runs)],
    ['Requests sent', String(r.requests)],
    ['Exit code', `${r.exitCode} (${verdict(r.exitCode).word.toLowerCase()})`],
    ['Bulk limit held to', String(r.bulkMax)],
    ['Writes allowed', r.allowWrites ? 'yes' : 'no'],
  ];
  if (r.grep) facts.push(['Subset (--grep)', r.grep]);
  facts.push(['Tool', `${r.tool} ${r.version}`]);
  return facts;
}

/** A one-line response summary: `HTTP 500 · application/json`. */
export function responseLine(response: NonNullable<Failure['response']>): string {
  const status = response.status === null ? 'no response' : `HTTP ${response.status}`;
  return response.contentType ? `${status} · ${response.contentType}` : status;
}

/** A sentence when a failed check does not count in the exit code (accepted deviation, failing in the baseline too), or says its deviation expired. */
export function gateNote(results: Results, check: CheckResult): string | undefined {
  if (check.accepted) return `Accepted known deviation: ${check.accepted.reason}${check.accepted.expires ? ` (until ${check.accepted.expires})` : ''}. Not counted in the exit code.`;
  if (check.deviationExpired) return `A deviation accepted this check until ${check.deviationExpired.expires} (${check.deviationExpired.reason}); it has expired, so the failure counts again.`;
  const why = results.gate?.notCounted.find((n) => n.id === check.id)?.why;
  return why ? `Not counted in the exit code: ${why}.` : undefined;
}

/** What every rendering of a run opens with: the run, its tally and verdict, the failed and skipped checks. */
export function overview(results: Results) {
  return {
    run: results.run,
    t: tally(results.checks),
    v: verdict(results.run.exitCode),
    failed: results.checks.filter((c) => c.status === 'failed'),
    skipped: results.checks.filter((c) => c.status === 'skipped'),
    mismatch: summaryMismatch(results),
  };
}
