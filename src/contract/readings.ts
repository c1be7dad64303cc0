// The inventory of readings (openapi.yaml `x-readings`): every point where the vendor pages
// are silent or contradict each other about something a check can observe, the readings a
// conforming vendor may take there, the reference host's default, and the checks that meet
// the point. A typed accessor over the parsed document (loadDocument() in document.ts).
import { loadDocument } from './document.ts';

export interface ReadingPageRef {
  /** A file of shared/api-docs/ (a vendor page or FACTS.md). */
  file: string;
  /** A short quote of what the page says (or does not). */
  quote: string;
}

export interface Reading {
  name: string;
  meaning: string;
}

export interface ReadingPoint {
  /** kebab-case, e.g. `points-entity`; also the reference host's `--reading` point. */
  id: string;
  pages: ReadingPageRef[];
  /** What is silent or contradictory. */
  summary: string;
  readings: Reading[];
  /** The reading the reference host takes by default. */
  default: string;
  /** The check ids of the suite that meet the point. */
  checks: string[];
  /** The x-profile key this point is (bulkRedeemMax, dryRunParameter), if any. */
  profile?: string;
  /** The x-page-defects id this point comes from, if any. */
  defect?: string;
  /** Readings a vendor might take that are judged not conforming, each with the reason (the host does not take them; no check accepts them). */
  rejected?: { name: string; reason: string }[];
}

/** Every reason `x-readings` is malformed; empty when it is a well-formed list. */
export function readingsProblems(raw: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(raw)) return ['x-readings is not a list'];
  const ids = new Set<string>();
  raw.forEach((entry, i) => {
    const where = `x-readings[${i}]${entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? ` (${(entry as { id: string }).id})` : ''}`;
    if (!entry || typeof entry !== 'object') return void problems.push(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.id)) problems.push(`${where}: id is not kebab-case`);
    else if (ids.has(e.id)) problems.push(`${where}: id is not unique`);
    else ids.add(e.id);
    if (typeof e.summary !== 'string' || !e.summary.trim()) problems.push(`${where}: no summary`);
    const pages = e.pages;
    if (!Array.isArray(pages) || pages.length === 0) problems.push(`${where}: no pages`);
    else if (!pages.every((p) => p && typeof p === 'object' && typeof p.file === 'string' && typeof p.quote === 'string' && p.quote.trim())) {
      problems.push(`${where}: every page needs file and quote`);
    }
    const readings = e.readings;
    if (!Array.isArray(readings) || readings.length < 2) problems.push(`${where}: fewer than two readings`);
    else {
      if (!readings.every((r) => r && typeof r === 'object' && typeof r.name === 'string' && r.name !== '' && typeof r.meaning === 'string' && r.meaning.trim())) {
        problems.push(`${where}: every reading needs a name and a meaning`);
      }
      const names = readings.map((r) => (r as { name?: unknown }).name);
      if (new Set(names).size !== names.length) problems.push(`${where}: reading names are not unique`);
      if (!names.includes(e.default)) problems.push(`${where}: default ${JSON.stringify(e.default)} is not one of its readings`);
    }
    if (!Array.isArray(e.checks) || e.checks.length === 0 || !e.checks.every((c) => typeof c === 'string' && /^[a-z-]+\.[a-z0-9_.-]+$/.test(c))) {
      problems.push(`${where}: checks must be a non-empty list of check ids`);
    }
    for (const key of ['profile', 'defect'] as const) if (e[key] !== undefined && typeof e[key] !== 'string') problems.push(`${where}: ${key} is not a string`);
    if (e.rejected !== undefined) {
      const rejected = e.rejected;
      if (!Array.isArray(rejected) || !rejected.every((r) => r && typeof r === 'object' && typeof r.name === 'string' && r.name !== '' && typeof r.reason === 'string' && r.reason.trim())) {
        problems.push(`${where}: every rejected reading needs a name and a reason`);
      } else if (Array.isArray(readings) && rejected.some((r) => readings.some((x) => (x as { name?: unknown }).name === r.name))) {
        problems.push(`${where}: a rejected reading is also listed as a reading`);
      }
    }
  });
  return problems;
}

/** The inventory of readings of a parsed document (default: openapi/openapi.yaml); throws when malformed. */
export function readReadings(doc: { 'x-readings'?: unknown } = loadDocument() as { 'x-readings'?: unknown }): ReadingPoint[] {
  const raw = doc['x-readings'];
  const problems = readingsProblems(raw);
  if (problems.length) throw new Error(`openapi: ${problems.join('; ')}`);
  return (raw as ReadingPoint[]).map((p) => ({
    id: p.id,
    pages: p.pages.map(({ file, quote }) => ({ file, quote })),
    summary: p.summary,
    readings: p.readings.map(({ name, meaning }) => ({ name: String(name), meaning })),
    default: String(p.default),
    checks: [...p.checks],
    ...(p.profile !== undefined && { profile: p.profile }),
    ...(p.defect !== undefined && { defect: p.defect }),
    ...(p.rejected !== undefined && { rejected: p.rejected.map(({ name, reason }) => ({ name: String(name), reason })) }),
  }));
}

/** One point by id. */
export function readingPoint(id: string, points: ReadingPoint[] = readReadings()): ReadingPoint | undefined {
  return points.find((p) => p.id === id);
}
