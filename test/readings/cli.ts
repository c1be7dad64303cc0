// `npx tsx test/readings/cli.ts [--random N] [--first-seed S] [--only POINT,...] [--parallel P] [--out FILE]`
// Runs the readings matrix (test/readings/matrix.ts) and prints one line per run; exit 1 when
// any run failed a check.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { matrixJobs, problems, runMatrix } from './matrix.ts';

const { values } = parseArgs({
  options: { random: { type: 'string' }, 'first-seed': { type: 'string' }, only: { type: 'string' }, parallel: { type: 'string' }, out: { type: 'string' } },
});
const jobs = matrixJobs({
  random: Number(values.random ?? 20),
  firstSeed: Number(values['first-seed'] ?? 1),
  ...(values.only ? { only: values.only.split(',').map((p) => p.trim()) } : {}),
});
const { runs, durationMs } = await runMatrix(jobs, Number(values.parallel ?? 3));
for (const r of runs) {
  process.stdout.write(`${r.label}\t${r.passed} passed\t${r.failed.length} failed\t${r.requests} requests\t${(r.durationMs / 1000).toFixed(1)} s\t${r.failed.map((f) => f.id).join(', ')}\n`);
}
const bad = problems(runs);
for (const line of bad) process.stdout.write(`FAILED: ${line}\n`);
process.stdout.write(`${runs.length} runs, ${bad.length} with failures, ${(durationMs / 1000).toFixed(0)} s\n`);
if (values.out) writeFileSync(values.out, JSON.stringify(runs, null, 2));
process.exit(bad.length ? 1 : 0);
