// Measures the default suite against the reference host under each alternative reading
// alone (and under random combinations with --random N): which checks fail under which
// reading. Not a test (the suite is not fixed yet): the work order of the next step.
//   npx tsx test/simulator/measure-readings.ts [--random N] [--only POINT[,POINT...]] [--out FILE]
// Each run: startSimulator({ readings }) on 127.0.0.1, its fixtures to a file, then
// `node bin/conformance.js --base-url ... --fixtures ...`, and the failed checks of results.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { READING_POINTS, READING_POINT_IDS, startSimulator } from '../../simulator/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARALLEL = 3;
const RUN_TIMEOUT_MS = 180_000;

interface Outcome {
  label: string;
  readings: Record<string, string>;
  exit: number | null;
  failed: { id: string; title: string; received?: string }[];
  passed: number;
  ms: number;
}

function conformance(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/conformance.js', ...args], { cwd: ROOT, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function measure(label: string, readings: Record<string, string>, seed?: number): Promise<Outcome> {
  const started = Date.now();
  const sim = await startSimulator({ readings, ...(seed === undefined ? {} : { readingsSeed: seed }) });
  const dir = mkdtempSync(join(tmpdir(), 'readings-'));
  try {
    const fixtures = join(dir, 'fixtures.json');
    writeFileSync(fixtures, JSON.stringify(sim.fixtures));
    const reports = join(dir, 'reports');
    const exit = await conformance(['--base-url', sim.baseUrl, '--fixtures', fixtures, '--reports', reports, '--progress', 'plain']);
    let failed: Outcome['failed'] = [];
    let passed = 0;
    try {
      const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8')) as {
        checks: { id: string; status: string; failure?: { title?: string; received?: string } }[];
      };
      failed = results.checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, title: c.failure?.title ?? '', received: c.failure?.received }));
      passed = results.checks.filter((c) => c.status === 'passed').length;
    } catch {
      failed = [{ id: '(no results.json)', title: `exit ${exit}` }];
    }
    return { label, readings: seed === undefined ? readings : sim.readings, exit, failed, passed, ms: Date.now() - started };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pool<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

const { values } = parseArgs({ options: { random: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' } } });
const only = values.only?.split(',').map((p) => p.trim());
const jobs: { label: string; readings: Record<string, string>; seed?: number }[] = only ? [] : [{ label: 'all defaults', readings: {} }];
for (const point of READING_POINT_IDS) {
  if (only && !only.includes(point)) continue;
  for (const name of READING_POINTS[point].slice(1)) jobs.push({ label: `${point}=${name}`, readings: { [point]: name } });
}
for (let seed = 1; seed <= Number(values.random ?? 0); seed++) jobs.push({ label: `random seed ${seed}`, readings: {}, seed });

const outcomes = await pool(jobs, (j) => measure(j.label, j.readings, j.seed));
const lines: string[] = [];
for (const o of outcomes) {
  const ids = o.failed.map((f) => f.id);
  lines.push(`${o.label}\t${o.failed.length} failed\t${ids.join(', ')}`);
  process.stdout.write(`${lines.at(-1)}\n`);
}
if (values.out) writeFileSync(values.out, JSON.stringify(outcomes, null, 2));
