// `npm run readme-readings`: renders the inventory of readings (x-readings) into README.md
// between its markers. `--check`: exit 1 (and write nothing) when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readReadings } from '../src/contract/readings.ts';
import { renderReadings, spliceReadings } from './readings-section.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const current = readFileSync(README, 'utf8');
const next = spliceReadings(current, renderReadings(readReadings()));
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('README.md is out of date with x-readings: run npm run readme-readings\n');
    process.exit(1);
  }
  process.stdout.write('README.md is up to date with x-readings\n');
} else if (next !== current) {
  writeFileSync(README, next);
  process.stdout.write('README.md: "What a check may assert" rendered from x-readings\n');
} else {
  process.stdout.write('README.md already up to date\n');
}
