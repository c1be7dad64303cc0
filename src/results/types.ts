// The results of a run: the one model every report (results.json, junit.xml, report.html,
// conformance.md) is rendered from. Its JSON form is reports/results.json (DESIGN.md).

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** A recorded HTTP exchange, credentials already redacted. */
export interface ExchangeRecord {
  method: string;
  url: string;
  /** The request as a replayable curl command (credentials redacted). */
  curl: string;
  status: number | null;
  durationMs: number;
  /** The transport error in plain words when no response arrived (timeout, reset). */
  error?: string;
  /** The check (rule id) that sent it; absent for the run's own requests (preflight). */
  check?: string;
  /** When it was sent: ms since the run's client was made. */
  startMs?: number;
}

/**
 * The family of a failure: what kind of broken promise it is (one family of typed failures
 * for every check). The mutation run matches a fault with the kind of failure it must cause.
 */
export type FailureKind =
  | 'server-error'
  | 'accepted-invalid-request'
  | 'rejected-valid-request'
  | 'undocumented-status'
  | 'undocumented-code'
  | 'schema-violation'
  | 'wrong-record'
  | 'state-violation'
  | 'no-answer'
  | 'rule-violated';

/** A typed failure: what was received against what the vendor documents. */
export interface Failure {
  /** The family (absent on failures written before kinds existed). */
  kind?: FailureKind;
  /** One line: what went wrong. */
  title: string;
  /** 'POST /v2/coupon/issue'. */
  operation: string;
  received: string;
  documented: string;
  /** The request that showed it, as curl, credentials redacted. */
  curl?: string;
  /** The response, trimmed (status line, content type, body up to a few KB). */
  response?: { status: number | null; contentType?: string; body: string };
  /** Property-based checks: the seed, the fast-check path and the shrunk counterexample. */
  seed?: number;
  path?: string;
  counterexample?: string;
  /** Further detail lines (schema errors, ...). */
  details?: string[];
  /** A response check's failure: the id of the rule whose request showed it (replay re-runs that rule). */
  rule?: string;
}

export interface CheckResult {
  /** Stable, dotted, readable: `coupon-issue.response_schema_conformance`, `bulk-redeem.atomic-failure`. */
  id: string;
  /** The rule as a sentence: "should redeem nothing when one coupon is invalid". */
  title: string;
  /** 'POST /v2/coupon/bulk/redeem', or '*' for a check not tied to one operation. */
  operation: string;
  /** What kind of check: a response check applied to every response, a spec, a property. */
  kind: 'response' | 'scenario' | 'property' | 'schema' | 'sequence';
  status: CheckStatus;
  /** The vendor page (and rule) it comes from. */
  source?: string;
  tags?: string[];
  /** How many responses (or cases) the check was applied to. */
  applied?: number;
  durationMs?: number;
  /** Present when failed: the first failures (at most a few). */
  failure?: Failure;
  failures?: Failure[];
  /** Present when skipped: why (e.g. a write against a remote host without --allow-writes). */
  skipReason?: string;
  /** A failed check the user accepts as a known vendor deviation (--deviations): not counted in the exit code. */
  accepted?: { reason: string; expires?: string };
  /** A deviation entry named this check but has expired: it counts again. */
  deviationExpired?: { reason: string; expires: string };
}

export interface RunInfo {
  tool: string;
  version: string;
  /** The host tested, credentials never included. 'embedded reference host (http://127.0.0.1:PORT)' when embedded. */
  host: string;
  embedded: boolean;
  started: string;
  durationMs: number;
  seed: number;
  /** Runs per property (--runs); without it, the defaults in runsPerProperty. */
  runs: number;
  runsPerProperty?: { positive: number; negative: number };
  bulkMax: number;
  /** Model-based sequences per run and most commands in one (--sequences, --sequence-steps). */
  sequences?: { runs: number; steps: number };
  allowWrites: boolean;
  grep?: string;
  requests: number;
  /**
   * Present when the host answered 429: how many times, the time the run paused for them
   * (Retry-After), and the requests that had started in the minute before the first one.
   */
  rateLimited?: { answers429: number; pausedMs: number; startedInMinuteBeforeFirst: number };
  /** The exit code the run ends with. */
  exitCode: number;
}

export interface Results {
  run: RunInfo;
  summary: { passed: number; failed: number; skipped: number; total: number };
  checks: CheckResult[];
  /** Which failures set the exit code (src/baseline): the others are accepted deviations or failed in the baseline too. */
  gate?: { counted: string[]; notCounted: { id: string; why: string }[] };
  /** A differential run (--compare-with): the engine's report (src/diff). */
  diff?: import('../diff/types.ts').DiffReport;
}
