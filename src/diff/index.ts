// The differential engine: three recordings of the same seeded traffic (host A twice, host B
// once), paired by key, normalised with each host's fixtures, compared field by field, and
// calibrated against host A's own noise (Diffy: primary, secondary, candidate).
import { compareAnswers, type CompareOptions } from './compare.ts';
import { normalizeAnswer, sideContext, type NormalizeOptions, type SideContext } from './normalize.ts';
import { calibrate, type NoiseOptions, type PairDifferences } from './noise.ts';
import type { DiffReport, FixturesLike, RecordedExchange, Unpaired } from './types.ts';

export * from './types.ts';
export { compareAnswers, compareValues, STATUS_PATH, ROOT_PATH, type CompareOptions } from './compare.ts';
export { normalizeAnswer, normalizeBody, sideContext, PLACEHOLDERS, type NormalizeOptions, type NormalizedAnswer, type SideContext } from './normalize.ts';
export { calibrate, classify, type NoiseOptions } from './noise.ts';
export { renderDiffJson, renderDiffJunit, addDiffTestSuite, renderDiffHtml, renderDiffMarkdown } from './render.ts';

export interface DifferentialInput {
  /** Host A, first run. */
  primary: readonly RecordedExchange[];
  /** Host A, second run of the same seeded traffic (fresh coupons): the noise calibration. May hold only part of the keys. */
  secondary: readonly RecordedExchange[];
  /** Host B, the same seeded traffic. */
  candidate: readonly RecordedExchange[];
  /** Host A's fixtures (primary and secondary). */
  fixturesA: FixturesLike;
  /** Host B's fixtures. */
  fixturesB: FixturesLike;
}

export interface DifferentialOptions extends NoiseOptions, CompareOptions, NormalizeOptions {
  /** Masks secrets in every text the report carries (the run's redactor); default: none. */
  redact?: (text: string) => string;
  /** Longest example value kept in the report, in characters of JSON (default 2000). */
  maxExampleChars?: number;
}

function byKey(list: readonly RecordedExchange[]): Map<string, RecordedExchange> {
  const out = new Map<string, RecordedExchange>();
  for (const ex of list) if (!out.has(ex.key)) out.set(ex.key, ex);
  return out;
}

function requestLine(ex: RecordedExchange): string {
  return `${ex.request.method.toUpperCase()} ${ex.request.path}`;
}

function comparePairs(
  left: Map<string, RecordedExchange>,
  right: Map<string, RecordedExchange>,
  leftSide: SideContext,
  rightSide: SideContext,
  options: CompareOptions,
): PairDifferences[] {
  const out: PairDifferences[] = [];
  for (const [key, a] of left) {
    const b = right.get(key);
    if (!b) continue;
    const operation = a.operation;
    const differences = compareAnswers(operation, normalizeAnswer(a, leftSide), normalizeAnswer(b, rightSide), options);
    out.push({ key, operation, example: { request: requestLine(a), ...(a.request.curl ? { curl: a.request.curl } : {}) }, differences });
  }
  return out;
}

/** A value as the report keeps it: redacted, and cut when long. */
function keepValue(value: unknown, redact: (s: string) => string, max: number): unknown {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const masked = redact(text);
  if (masked.length > max) return `${masked.slice(0, max)}…(${masked.length} chars)`;
  if (typeof value === 'string') return masked;
  if (masked === text) return value;
  try {
    return JSON.parse(masked);
  } catch {
    return masked;
  }
}

/**
 * Compares host B (candidate) with host A (primary) on the same keyed traffic, calibrated by
 * host A's second run (secondary). Pure: no I/O.
 */
export function differential(input: DifferentialInput, options: DifferentialOptions = {}): DiffReport {
  const redact = options.redact ?? ((s: string) => s);
  const max = options.maxExampleChars ?? 2000;
  const primary = byKey(input.primary);
  const secondary = byKey(input.secondary);
  const candidate = byKey(input.candidate);
  const sideA1 = sideContext(input.fixturesA, input.primary, options);
  const sideA2 = sideContext(input.fixturesA, input.secondary, options);
  const sideB = sideContext(input.fixturesB, input.candidate, options);

  const rawPairs = comparePairs(primary, candidate, sideA1, sideB, options);
  const noisePairs = comparePairs(primary, secondary, sideA1, sideA2, options);
  const { differences, noise } = calibrate(rawPairs, noisePairs, options);

  // A key the host itself answers in one run and not in the other is noise when unpaired.
  const ownUnpaired = new Set<string>();
  if (secondary.size > 0) {
    for (const k of primary.keys()) if (!secondary.has(k)) ownUnpaired.add(k);
    for (const k of secondary.keys()) if (!primary.has(k)) ownUnpaired.add(k);
  }
  const unpaired: Unpaired[] = [];
  for (const [k, ex] of primary) if (!candidate.has(k)) unpaired.push({ key: k, operation: ex.operation, only: 'primary', noise: ownUnpaired.has(k) });
  for (const [k, ex] of candidate) if (!primary.has(k)) unpaired.push({ key: k, operation: ex.operation, only: 'candidate', noise: ownUnpaired.has(k) });

  for (const d of differences) {
    d.example = { ...d.example, request: redact(d.example.request), ...(d.example.curl ? { curl: redact(d.example.curl) } : {}), a: keepValue(d.example.a, redact, max), b: keepValue(d.example.b, redact, max) };
  }
  for (const n of noise) {
    n.example = { ...n.example, request: redact(n.example.request), ...(n.example.curl ? { curl: redact(n.example.curl) } : {}), a: keepValue(n.example.a, redact, max), b: keepValue(n.example.b, redact, max) };
  }

  return {
    pairs: rawPairs.length,
    noisePairs: noisePairs.length,
    differences,
    noise,
    unpaired,
    ok: differences.every((d) => d.noise) && unpaired.every((u) => u.noise),
  };
}
