// Known vendor deviations (--deviations FILE, JSON or YAML): check ids the user accepts as
// known differences of the vendor from its own pages, each with a reason and an optional
// expiry date. An accepted check that fails stays `failed` in every report, marked
// `accepted: {reason, expires}`, and does not count in the exit code; past its expiry date
// (the day after `expires`) it counts again, and says that it expired.
//
//   deviations:
//     - id: bulk-redeem.foreign-coupon
//       reason: the vendor answers 702 for a coupon of another customer (ticket VEN-123)
//       expires: 2026-06-30
//
// A bare list of entries is accepted too.
import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { GateConfigError } from './baseline.ts';

export interface Deviation {
  id: string;
  reason: string;
  /** ISO date (YYYY-MM-DD): accepted through that day, counted again from the next. */
  expires?: string;
}

const KEYS = ['id', 'reason', 'expires'];

function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : undefined;
}

/** Reads and checks a deviations file; any problem is a GateConfigError naming the key. */
export function loadDeviations(file: string): Deviation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GateConfigError('--deviations', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? String(err)})`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new GateConfigError('--deviations', `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML or JSON'} (${(err as Error).message.split('\n')[0]})`);
  }
  let list: unknown;
  const at = 'deviations';
  if (Array.isArray(data)) {
    list = data;
  } else if (data && typeof data === 'object') {
    const unknownKeys = Object.keys(data).filter((k) => k !== 'deviations');
    if (unknownKeys.length) throw new GateConfigError(unknownKeys[0], `unknown key in ${file} (expected "deviations": a list of {id, reason, expires?})`);
    list = (data as { deviations?: unknown }).deviations;
    if (!Array.isArray(list)) throw new GateConfigError('deviations', `in ${file}: must be a list of {id, reason, expires?}`);
  } else {
    throw new GateConfigError('--deviations', `${file}: expected a list of {id, reason, expires?}, or {deviations: [...]}`);
  }
  const seen = new Map<string, number>();
  return (list as unknown[]).map((raw, i) => {
    const key = `${at}[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new GateConfigError(key, `in ${file}: must be an object {id, reason, expires?}`);
    const entry = raw as Record<string, unknown>;
    const extra = Object.keys(entry).find((k) => !KEYS.includes(k));
    if (extra) throw new GateConfigError(`${key}.${extra}`, `in ${file}: unknown key (expected ${KEYS.join(', ')})`);
    if (typeof entry.id !== 'string' || !entry.id.trim()) throw new GateConfigError(`${key}.id`, `in ${file}: is required, the id of the check accepted as a known deviation`);
    if (typeof entry.reason !== 'string' || !entry.reason.trim()) throw new GateConfigError(`${key}.reason`, `in ${file}: is required, why the deviation is accepted (${entry.id})`);
    const id = entry.id.trim();
    if (seen.has(id)) throw new GateConfigError(`${key}.id`, `in ${file}: ${id} is already listed at ${at}[${seen.get(id)}]`);
    seen.set(id, i);
    let expires: string | undefined;
    if (entry.expires !== undefined && entry.expires !== null) {
      expires = isoDate(entry.expires);
      if (!expires) throw new GateConfigError(`${key}.expires`, `in ${file}: ${JSON.stringify(entry.expires)} is not an ISO date (YYYY-MM-DD)`);
    }
    return { id, reason: entry.reason.trim(), ...(expires ? { expires } : {}) };
  });
}

/** Whether an entry has expired on `today` (YYYY-MM-DD, UTC): accepted through its expiry day. */
export function isExpired(deviation: Deviation, today: string): boolean {
  return deviation.expires !== undefined && today > deviation.expires;
}

/** Today as YYYY-MM-DD (UTC). */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
