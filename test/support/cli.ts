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
