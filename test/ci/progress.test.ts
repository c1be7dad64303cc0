// Progress output: on a terminal one live line redrawn in place (checks done / total,
// requests, failures), failures printed above it; elsewhere the plain line per rule. The CLI
// picks live on a TTY; --progress live forces it here (a test's stdout is a pipe), and the
// redactor still sees everything.
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CLEAR_LINE, Progress } from '../../src/progress/index.ts';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import { ROOT, runCli, tempDir, writeJson, type CliRun } from '../support/cli.ts';
import { basicToken, md5hex } from '../../src/redact.ts';

function recorder(mode: 'auto' | 'live' | 'plain', isTTY: boolean) {
  const out: string[] = [];
  let requests = 0;
  let failures = 0;
  const progress = new Progress({ mode, isTTY, write: (t) => void out.push(t), total: 3, requests: () => requests, failures: () => failures, columns: () => 200, intervalMs: 10_000 });
  return { out, progress, set: (r: number, f: number) => ((requests = r), (failures = f)) };
}

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The CLI on a real terminal: util-linux `script` gives it a pseudo-terminal (stdout.isTTY). */
function runOnTty(args: string[]): Promise<{ code: number; output: string }> {
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, join(ROOT, 'bin/conformance.js'), '--reports', tempDir('conformance-tty-'), ...args].map(quote).join(' ');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_') && !k.startsWith('FC_')));
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...env, COLUMNS: '120' }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, output: stdout });
    });
  });
}

describe('ci: progress output', function () {
  this.timeout(180_000);

  describe('Progress (unit)', () => {
    it('is live on a terminal and plain elsewhere, unless told', () => {
      expect(recorder('auto', true).progress.live).to.equal(true);
      expect(recorder('auto', false).progress.live).to.equal(false);
      expect(recorder('live', false).progress.live).to.equal(true);
      expect(recorder('plain', true).progress.live).to.equal(false);
    });

    it('plain: writes every line as it comes, and nothing else', () => {
      const { out, progress } = recorder('plain', false);
      progress.start();
      progress.print('  ✓ [bulk-redeem] should redeem (3 ms)');
      progress.tick();
      progress.print('  ✗ [bulk-redeem] should refuse');
      progress.finish();
      expect(out).to.deep.equal(['  ✓ [bulk-redeem] should redeem (3 ms)\n', '  ✗ [bulk-redeem] should refuse\n']);
    });

    it('live: redraws one line in place with checks done / total, requests and failures; failures go above it', async () => {
      const { out, progress, set } = recorder('live', true);
      progress.start();
      set(12, 0);
      progress.print('  ✓ [bulk-redeem] should redeem (3 ms)');
      progress.tick();
      set(20, 1);
      progress.print('  ✗ [bulk-redeem] should refuse');
      progress.print('    Received: HTTP 200');
      progress.tick();
      await Promise.resolve();
      progress.finish();
      const text = out.join('');
      expect(text).not.to.include('should redeem'); // a passed rule is only counted
      expect(text).to.include(`${CLEAR_LINE}  ✗ [bulk-redeem] should refuse\n    Received: HTTP 200\n`); // two lines, one redraw after them
      expect(text).to.match(/\[#######\.+\] 1\/3 checks · 12 requests · 0 failures/);
      expect(text).to.match(/\[#{13}\.+\] 2\/3 checks · 20 requests · 1 failure · /);
      expect(text.endsWith(CLEAR_LINE)).to.equal(true); // the live line is gone before the summary
      expect(progress.text()).to.match(/^\[#+\.*\] 2\/3 checks/);
    });
  });

  describe('the CLI', () => {
    let sim: Simulator;
    let live: CliRun;
    let plain: CliRun;
    let tty: { code: number; output: string } | undefined;
    const username = 'progress.till';
    const password = 'ProgressCanary-77a1';

    before(async () => {
      sim = await startSimulator({ faults: ['foreign-coupon'], credentials: { username, password } });
      const args = ['--base-url', sim.baseUrl, '--fixtures', writeJson({ ...sim.fixtures, auth: undefined }), '--username', username, '--password', password, '--grep', 'issued to another customer'];
      [live, plain, tty] = await Promise.all([runCli([...args, '--progress', 'live']), runCli(args), hasScript ? runOnTty(args) : undefined]);
    });
    after(async () => {
      await sim?.stop();
    });

    it('--progress live: a live line redrawn in place, the failure above it, no per-rule pass lines', () => {
      expect(live.code, live.stderr).to.equal(1);
      expect(live.stdout).to.include(CLEAR_LINE);
      expect(live.stdout).to.match(/\] 1\/1 checks · \d+ requests · 1 failure/);
      expect(live.stdout).to.match(/ {2}✗ \[bulk-redeem\] should refuse a coupon issued to another customer/);
      expect(live.stdout).not.to.match(/^ {2}✓ /m);
      expect(live.stdout).to.match(/\n\d+ passed, 1 failed, \d+ skipped/);
    });

    it('on a terminal (a pseudo-terminal from `script`): live by default', function () {
      if (!tty) this.skip();
      expect(tty!.code, tty!.output).to.equal(1);
      expect(tty!.output).to.include(CLEAR_LINE);
      expect(tty!.output).to.match(/\] 1\/1 checks · \d+ requests · 1 failure/);
      expect(tty!.output).not.to.match(/^ {2}✓ /m);
      expect(tty!.output).not.to.include(password);
    });

    it('without a terminal: the plain lines, one per rule, no escape codes', () => {
      expect(plain.code, plain.stderr).to.equal(1);
      expect(plain.stdout).not.to.include('\x1b[');
      expect(plain.stdout).not.to.include('\r');
      expect(plain.stdout).to.match(/^ {2}✗ \[bulk-redeem\] should refuse a coupon issued to another customer/m);
    });

    it('keeps every output redacted', () => {
      for (const run of [live, plain]) {
        for (const secret of [password, md5hex(password), basicToken(username, password)]) {
          expect(run.stdout + run.stderr).not.to.include(secret);
          for (const [name, text] of Object.entries(run.reports)) expect(text, name).not.to.include(secret);
        }
        expect(run.stdout).to.include("-H 'Authorization: Basic ***'");
      }
    });
  });
});
