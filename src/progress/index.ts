// Progress of a run. On a terminal: one live line, redrawn in place (checks done / total,
// requests sent, failures so far), with failures and skips printed above it as they happen
// and the one-line-per-passed-rule output left out. Elsewhere (CI, a pipe, a file): the
// plain lines, one per rule, as they come.
//
// Everything goes through `write`, which the CLI points at process.stdout.write, itself
// wrapped by the redactor, so the live line is redacted like any other output.

export type ProgressMode = 'auto' | 'live' | 'plain';

export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'live', 'plain'];

export interface ProgressOptions {
  mode: ProgressMode;
  /** Whether stdout is a terminal (process.stdout.isTTY). */
  isTTY: boolean;
  /** Writes raw text (no newline added). */
  write: (text: string) => void;
  /** Checks (rules) selected for the run. */
  total: number;
  /** Requests sent so far. */
  requests: () => number;
  /** Failed checks so far (rules and response checks). */
  failures: () => number;
  /** Terminal width, for cutting the live line. */
  columns?: () => number | undefined;
  /** Redraw interval of the live line (ms), so the request count moves during a long rule. */
  intervalMs?: number;
}

/** Clears the current terminal line and returns the cursor to its start. */
export const CLEAR_LINE = '\r\x1b[2K';

/** A passed rule's line, as the reporter prints it: left out of the live display. */
const PASSED_LINE = /^ {2}✓ /;

export class Progress {
  readonly live: boolean;
  private done = 0;
  private shown = false;
  private running = false;
  private redrawQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(private readonly options: ProgressOptions) {
    this.live = options.mode === 'live' || (options.mode === 'auto' && options.isTTY);
  }

  /** Starts redrawing (live mode only). */
  start(): void {
    if (!this.live) return;
    this.running = true;
    this.draw();
    this.timer = setInterval(() => this.draw(), this.options.intervalMs ?? 250);
    this.timer.unref();
  }

  /** A line of the run's output (the reporter's print). */
  print(line: string): void {
    if (!this.live) {
      this.options.write(`${line}\n`);
      return;
    }
    if (PASSED_LINE.test(line)) return;
    this.clear();
    this.options.write(`${line}\n`);
    // A failure prints several lines in a row: redraw once, after them.
    if (!this.redrawQueued) {
      this.redrawQueued = true;
      queueMicrotask(() => {
        this.redrawQueued = false;
        if (this.running) this.draw();
      });
    }
  }

  /** A check finished. */
  tick(): void {
    this.done += 1;
    if (this.running) this.draw();
  }

  /** The live line's text. */
  text(): string {
    const { total } = this.options;
    const failures = this.options.failures();
    const width = 20;
    const filled = total ? Math.min(width, Math.round((this.done / total) * width)) : 0;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    return `${bar} ${this.done}/${total} checks · ${this.options.requests()} requests · ${failures} failure${failures === 1 ? '' : 's'} · ${secs} s`;
  }

  private draw(): void {
    const cols = this.options.columns?.() ?? 0;
    const text = this.text();
    this.options.write(`${CLEAR_LINE}${cols > 10 && text.length >= cols ? `${text.slice(0, cols - 2)}…` : text}`);
    this.shown = true;
  }

  private clear(): void {
    if (this.shown) this.options.write(CLEAR_LINE);
    this.shown = false;
  }

  /** Stops redrawing and removes the live line (the summary follows in plain lines). */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.running = false;
    if (this.live) this.clear();
  }
}
