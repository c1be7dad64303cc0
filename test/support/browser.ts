// Opens a local HTML file in headless Chromium: the DOM after its scripts ran, and a
// screenshot. No network: file:// only, and the flags that stop Chromium's own background
// connections. Chromium is looked for where it is (CHROME_PATH, Debian's /usr/bin/chromium,
// chromium / chromium-browser / google-chrome on PATH); every browser test starts with
// needBrowser(this): without one it is reported pending with the command that installs it,
// and under CI=true a missing browser fails the test.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--virtual-time-budget=8000',
];

export const INSTALL_COMMAND = 'bash scripts/install-system-deps.sh';
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Chromium is: CHROME_PATH, then the names on PATH, then the known install paths; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROME_PATH) return executable(env.CHROME_PATH) ? env.CHROME_PATH : null;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return KNOWN_PATHS.find(executable) ?? null;
}

/** Thrown under CI=true when no browser is found: the run must not pass without its browser checks. */
export class BrowserMissingError extends Error {
  constructor(env: NodeJS.ProcessEnv) {
    super(`no Chromium found (CHROME_PATH=${env.CHROME_PATH ?? '(unset)'}, nor chromium/chromium-browser/google-chrome on PATH or in /usr/bin); CI=true makes this an error: run \`${INSTALL_COMMAND}\` first`);
    this.name = 'BrowserMissingError';
  }
}

/**
 * The first line of every browser test (`it('...', async function () { needBrowser(this); ... })`):
 * with no Chromium the test is pending ("install it: bash scripts/install-system-deps.sh");
 * under CI=true it fails instead.
 */
export function needBrowser(ctx: Mocha.Context, env: NodeJS.ProcessEnv = process.env): string {
  const found = findChromium(env);
  if (found) return found;
  if (env.CI === 'true' || env.CI === '1') throw new BrowserMissingError(env);
  if (ctx.test) ctx.test.title += ` (pending: no Chromium found; install it with \`${INSTALL_COMMAND}\`)`;
  ctx.skip();
}

async function chromium(args: string[]): Promise<string> {
  const binary = findChromium();
  if (!binary) throw new BrowserMissingError(process.env);
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  try {
    const { stdout } = await run(binary, [...FLAGS, `--user-data-dir=${profile}`, ...args], {
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
