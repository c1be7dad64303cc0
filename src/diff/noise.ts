// Noise calibration, as Twitter's Diffy does it: the same requests go to the primary host
// twice (primary, secondary). Where the host differs from itself, a difference from the
// candidate says nothing. Per (operation, path): the candidate's differences (raw) are set
// against the host's own (noise).
//
// The rule: a path where primary and secondary never differ is not noise: any candidate
// difference there counts. A path where they do differ is noise, unless the candidate
// differs there clearly more often than the host differs from itself: Diffy's filter on the
// rates (raw rate > noise rate, relative difference |r - n| / (r + n) above `relative` %,
// absolute difference |r - n| above `absolute` % of the requests), applied only when the
// calibration saw at least `minNoisePairs` pairs of the operation (with fewer, one
// disagreement of the host with itself is all the evidence there is, and it marks the path).
import type { DiffExample, Difference, DifferenceKind, FieldDifference, NoiseField } from './types.ts';

export interface NoiseOptions {
  /** Diffy's threshold.relative, in % (default 20). */
  relative?: number;
  /** Diffy's threshold.absolute, in % of the operation's requests (default 0.03). */
  absolute?: number;
  /** Fewest primary/secondary pairs of an operation for the rate test (default 10). */
  minNoisePairs?: number;
}

/** The differences of one pair of answers, with the example it would give. */
export interface PairDifferences {
  key: string;
  operation: string;
  example: Omit<DiffExample, 'a' | 'b' | 'key'>;
  differences: Difference[];
}

export interface Tally {
  operation: string;
  path: string;
  kinds: Set<DifferenceKind>;
  /** Pairs that differ here. */
  count: number;
  example: DiffExample;
}

const fieldKey = (operation: string, path: string) => `${operation}\u0000${path}`;

/** Per (operation, path): how many pairs differ there (a pair counts once per path), with the first example. */
export function tally(pairs: readonly PairDifferences[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const pair of pairs) {
    const seen = new Set<string>();
    for (const d of pair.differences) {
      const k = fieldKey(d.operation, d.path);
      let t = out.get(k);
      if (!t) {
        t = { operation: d.operation, path: d.path, kinds: new Set(), count: 0, example: { key: pair.key, ...pair.example, a: d.a, b: d.b } };
        out.set(k, t);
      }
      t.kinds.add(d.kind);
      if (!seen.has(k)) {
        seen.add(k);
        t.count++;
      }
    }
  }
  return out;
}

/** Pairs compared per operation. */
export function pairsPerOperation(pairs: readonly { operation: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pairs) out.set(p.operation, (out.get(p.operation) ?? 0) + 1);
  return out;
}

/** Whether a path's candidate differences are noise, and why. */
export function classify(
  raw: { count: number; pairs: number },
  noise: { count: number; pairs: number },
  options: NoiseOptions = {},
): { noise: boolean; reason: string } {
  const relative = options.relative ?? 20;
  const absolute = options.absolute ?? 0.03;
  const minNoisePairs = options.minNoisePairs ?? 10;
  if (noise.count === 0) {
    return { noise: false, reason: noise.pairs === 0 ? 'no calibration pairs for this operation' : `the primary host never differs from itself here (0 of ${noise.pairs})` };
  }
  const r = raw.pairs ? raw.count / raw.pairs : 0;
  const n = noise.pairs ? noise.count / noise.pairs : 0;
  const rel = r + n === 0 ? 0 : (Math.abs(r - n) / (r + n)) * 100;
  const abs = Math.abs(r - n) * 100;
  const rates = `candidate ${raw.count}/${raw.pairs}, primary vs secondary ${noise.count}/${noise.pairs}`;
  if (noise.pairs >= minNoisePairs && r > n && rel > relative && abs > absolute) {
    return { noise: false, reason: `differs more often than the primary host differs from itself (${rates}; relative ${rel.toFixed(0)}% > ${relative}%)` };
  }
  return { noise: true, reason: `the primary host differs from itself here too (${rates})` };
}

/** Joins the candidate's tallies with the host's own: one FieldDifference per (operation, path), non-noise first. */
export function calibrate(
  rawPairs: readonly PairDifferences[],
  noisePairs: readonly PairDifferences[],
  options: NoiseOptions = {},
): { differences: FieldDifference[]; noise: NoiseField[] } {
  const raw = tally(rawPairs);
  const own = tally(noisePairs);
  const rawPer = pairsPerOperation(rawPairs);
  const ownPer = pairsPerOperation(noisePairs);
  const differences: FieldDifference[] = [];
  for (const [k, t] of raw) {
    const o = own.get(k);
    const pairs = rawPer.get(t.operation) ?? 0;
    const noisePairsOfOp = ownPer.get(t.operation) ?? 0;
    const verdict = classify({ count: t.count, pairs }, { count: o?.count ?? 0, pairs: noisePairsOfOp }, options);
    differences.push({
      operation: t.operation,
      path: t.path,
      kinds: [...t.kinds].sort(),
      count: t.count,
      pairs,
      noiseCount: o?.count ?? 0,
      noisePairs: noisePairsOfOp,
      noise: verdict.noise,
      reason: verdict.reason,
      example: t.example,
    });
  }
  differences.sort((x, y) => Number(x.noise) - Number(y.noise) || x.operation.localeCompare(y.operation) || x.path.localeCompare(y.path));
  const noise: NoiseField[] = [...own.values()]
    .map((t) => ({ operation: t.operation, path: t.path, kinds: [...t.kinds].sort(), count: t.count, pairs: ownPer.get(t.operation) ?? 0, example: t.example }))
    .sort((x, y) => x.operation.localeCompare(y.operation) || x.path.localeCompare(y.path));
  return { differences, noise };
}
