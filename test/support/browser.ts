// Opens a local HTML file in Debian's headless Chromium (scripts/install-system-deps.sh):
// the DOM after its scripts ran, and a screenshot. No network: file:// only, and the
// flags that stop Chromium's own background connections.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--virtual-time-budget=8000',
];

async function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  try {
    const { stdout } = await run('chromium', [...FLAGS, `--user-data-dir=${profile}`, ...args], {
      timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's DOM after its scripts ran. */
export function dumpDom(htmlFile: string): Promise<string> {
  return chromium(['--dump-dom', pathToFileURL(htmlFile).href]);
}

/** A PNG screenshot of the page. */
export async function screenshot(htmlFile: string, pngFile: string, size = '1280,1800'): Promise<void> {
  await chromium([`--screenshot=${pngFile}`, `--window-size=${size}`, pathToFileURL(htmlFile).href]);
}
