// Runs `node bin/conformance.js` as a user would, with its own reports directory, and
// collects exit code, stdout, stderr and every report file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reportsDir: string;
  /** Every file under reportsDir, by name. */
  reports: Record<string, string>;
  results?: import('../../src/results/types.ts').Results;
}

export function tempDir(prefix = 'conformance-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(value: unknown, name = 'fixtures.json'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliRun> {
  const reportsDir = tempDir('conformance-reports-');
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_') && !k.startsWith('FC_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/conformance.js'), '--reports', reportsDir, ...args],
      { cwd: ROOT, env: { ...cleanEnv, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((err as { code: number }).code) : -1) : 0;
        const reports: Record<string, string> = {};
        for (const name of readdirSync(reportsDir, { recursive: true }) as string[]) {
          try {
            reports[name] = readFileSync(join(reportsDir, name), 'utf8');
          } catch {
            /* a directory */
          }
        }
        const results = reports['results.json'] ? JSON.parse(reports['results.json']) : undefined;
        resolve({ code, stdout, stderr, reportsDir, reports, results });
      },
    );
  });
}

/**
 * Starts `jobs` now, at most `width` at a time, in order; each key's promise settles with its
 * own job (a rejection is reported where it is awaited, not as unhandled). For tests whose CLI
 * runs are independent: start them in a `before`, assert each in its own `it`.
 */
export function startAll<T>(jobs: Record<string, () => Promise<T>>, width = 2): Record<string, Promise<T>> {
  const queue = Object.entries(jobs);
  const out: Record<string, Promise<T>> = {};
  const settle = new Map<string, { resolve: (v: T) => void; reject: (e: unknown) => void }>();
  for (const [key] of queue) {
    out[key] = new Promise<T>((resolve, reject) => settle.set(key, { resolve, reject }));
    out[key].catch(() => undefined);
  }
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, job] = next;
      try {
        settle.get(key)!.resolve(await job());
      } catch (error) {
        settle.get(key)!.reject(error);
      }
    }
  };
  for (let i = 0; i < width; i++) void worker();
  return out;
}
