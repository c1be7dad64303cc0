// `npm run mutation:readings [-- --seeds 1,2,3] [--faults F,...]`: the mutation run (run.ts,
// the expected-catchers table expected.ts) against hosts that take a random combination of
// readings (x-readings; one draw per seed, the same for the clean host and every fault): a
// fault must stay caught, by the same checks for the same reason, whichever conforming
// reading the host takes, and the clean host must fail nothing. A draw of
// rate-limit=100-per-minute takes 1000-per-minute instead, as in the readings matrix
// (test/readings/matrix.ts). Writes reports/mutation-readings.json; exit 1 on any miss.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomReadings, type FaultName } from '../../simulator/index.ts';
import { ROOT } from '../support/cli.ts';
import { MAX_RPM_FOR } from '../readings/matrix.ts';
import { runMutation, type MutationReport } from './run.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1,2,3' }, faults: { type: 'string' }, parallel: { type: 'string' } } });
const seeds = values.seeds!.split(',').map(Number);
const faults = values.faults?.split(',').map((f) => f.trim() as FaultName);

const reports: { seed: number; report: MutationReport }[] = [];
let bad = 0;
for (const seed of seeds) {
  const slowRate = MAX_RPM_FOR[randomReadings(seed)['rate-limit']] !== undefined;
  const report = await runMutation({ readingsSeed: seed, ...(slowRate && { readings: { 'rate-limit': '1000-per-minute' } }), ...(faults && { faults }), ...(values.parallel && { parallel: Number(values.parallel) }) });
  reports.push({ seed, report });
  const wrong = report.runs.filter((r) => !r.asExpected);
  bad += wrong.length;
  process.stdout.write(
    `seed ${seed}${slowRate ? ' (rate-limit 1000-per-minute for the drawn 100-per-minute)' : ''}: ` +
      `score ${report.score.caught}/${report.score.faults} (${report.score.percent}%), false failures ${report.falseFailures.length}, ` +
      `${report.runs.length} runs in ${(report.durationMs / 1000).toFixed(0)} s\n`,
  );
  for (const r of wrong) process.stdout.write(`  NOT AS EXPECTED: ${r.fault}: exit ${r.exitCode}, missed [${r.missed.join(', ')}], failed [${r.failed.join(', ')}]${r.error ? `; ${r.error}` : ''}\n`);
}
const dir = join(ROOT, 'reports');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'mutation-readings.json'), `${JSON.stringify(reports, null, 2)}\n`);
process.stdout.write('written: reports/mutation-readings.json\n');
process.exit(bad ? 1 : 0);
