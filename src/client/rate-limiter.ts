// Client-side rate limit: request starts are spaced at least 60000/N ms apart, so no window
// of one minute (measured at the host) ever holds more than N starts. Without a limit
// (loopback), acquire() resolves at once.

export class RateLimiter {
  private readonly intervalMs: number;
  /** Waiters go one after another: each starts at least intervalMs after the previous one actually started. */
  private chain: Promise<void> = Promise.resolve();
  private lastStart = -Infinity;

  constructor(readonly perMinute: number | null) {
    this.intervalMs = perMinute ? 60_000 / perMinute : 0;
  }

  /**
   * Resolves when the next request may start. The spacing is measured from when the previous
   * waiter really resumed, not from when it was scheduled, so a timer that fires late (a busy
   * event loop) never lets the next one start early.
   */
  acquire(): Promise<void> {
    if (!this.intervalMs) return Promise.resolve();
    const turn = this.chain.then(async () => {
      for (let wait = this.lastStart + this.intervalMs - performance.now(); wait > 0; wait = this.lastStart + this.intervalMs - performance.now()) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      }
      this.lastStart = performance.now();
    });
    this.chain = turn;
    return turn;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
