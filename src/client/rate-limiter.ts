// Client-side rate limit: request starts are spaced 60000/N ms apart, so no window of
// one minute (measured at the host) ever holds more than N starts. Without a limit
// (loopback), acquire() resolves at once.

export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlot = 0;

  constructor(readonly perMinute: number | null) {
    this.intervalMs = perMinute ? 60_000 / perMinute : 0;
  }

  /** Resolves when the next request may start. */
  async acquire(): Promise<void> {
    if (!this.intervalMs) return;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
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
