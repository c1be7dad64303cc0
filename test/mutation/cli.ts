// `npm run mutation`: prints the fault table and the score, writes reports/mutation.json
// and reports/mutation.md. Exits 1 when a fault is not caught as expected or the clean host
// fails a check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.ts';
import { renderMarkdown, runMutation } from './run.ts';

const report = await runMutation();
const md = renderMarkdown(report);
const dir = join(ROOT, 'reports');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'mutation.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(dir, 'mutation.md'), `# Mutation run\n\n${md}\n`);
process.stdout.write(`${md}\n\nwritten: reports/mutation.json, reports/mutation.md\n`);
const bad = report.runs.filter((r) => !r.asExpected);
for (const r of bad) process.stdout.write(`NOT AS EXPECTED: ${r.fault}: exit ${r.exitCode}, missed [${r.missed.join(', ')}], failed [${r.failed.join(', ')}]${r.error ? `; ${r.error}` : ''}\n`);
if (report.unexpectedFaults.length) process.stdout.write(`faults without an expected-catchers entry: ${report.unexpectedFaults.join(', ')}\n`);
process.exit(bad.length || report.unexpectedFaults.length ? 1 : 0);
