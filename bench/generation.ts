// What request generation costs, without any HTTP: the valid-request arbitrary and the
// mutators of each operation, built from the reference host's fixtures as the properties
// build them (test/generators/world.ts), sampled in a fresh process.
// `tsx bench/generation.ts [N]` prints one JSON object: per operation, the time to build the
// arbitraries and draw the first value (one-time costs) and the time per further value.
import fc from 'fast-check';
import { getContract, type OperationId } from '../src/contract/index.ts';
import { VALID_REQUESTS } from '../generators/requests.ts';
import { MUTATORS } from '../generators/mutators.ts';
import { worldFor, OPERATIONS } from '../test/generators/world.ts';

const N = Number(process.argv[2] ?? 200);
const t0 = performance.now();
const world = worldFor(getContract());
const worldMs = performance.now() - t0;

export interface GenerationCost {
  operation: OperationId;
  kind: 'valid' | 'mutators';
  /** Building the arbitraries and drawing the first value of each. */
  firstMs: number;
  /** Per further value (mutators: averaged over all of them). */
  usPerValue: number;
}

const out: GenerationCost[] = [];
for (const op of OPERATIONS) {
  const arbitraries: { kind: GenerationCost['kind']; make: () => fc.Arbitrary<unknown>[] }[] = [
    { kind: 'valid', make: () => [(VALID_REQUESTS[op] as (c: unknown) => fc.Arbitrary<unknown>)(world[op])] },
    { kind: 'mutators', make: () => (MUTATORS[op] as { arbitrary(c: unknown): fc.Arbitrary<unknown> }[]).map((m) => m.arbitrary(world[op])) },
  ];
  for (const { kind, make } of arbitraries) {
    const a = performance.now();
    const arbs = make();
    for (const arb of arbs) fc.sample(arb, { seed: 1, numRuns: 1 });
    const firstMs = performance.now() - a;
    const b = performance.now();
    const each = Math.max(1, Math.floor(N / arbs.length));
    for (const arb of arbs) fc.sample(arb, { seed: 2, numRuns: each });
    const usPerValue = ((performance.now() - b) * 1000) / (each * arbs.length);
    out.push({ operation: op, kind, firstMs: Math.round(firstMs * 10) / 10, usPerValue: Math.round(usPerValue) });
  }
}
process.stdout.write(`${JSON.stringify({ worldMs: Math.round(worldMs), costs: out })}\n`);
