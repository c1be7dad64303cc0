// Redocly CLI: the document lints clean, and `npm run docs` renders one self-contained page
// that shows all four operations in a real (headless) browser.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dumpDom, needBrowser, screenshot } from '../support/browser.ts';
import { getContract } from '../../src/contract/index.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('openapi: Redocly lint and docs', function () {
  this.timeout(120_000);

  it('redocly lint passes with the committed config (no rule turned off)', async () => {
    const config = readFileSync(`${root}openapi/redocly.yaml`, 'utf8');
    expect(config).to.not.match(/:\s*off\b/);
    const { stdout, stderr } = await run('npx', ['redocly', 'lint', 'openapi/openapi.yaml', '--config', 'openapi/redocly.yaml', '--format', 'stylish'], { cwd: root });
    expect(`${stdout}${stderr}`).to.match(/valid/i);
  });

  it('npm run docs writes one self-contained HTML page showing all four operations', async () => {
    await run('npm', ['run', '--silent', 'docs'], { cwd: root });
    const page = `${root}reports/docs/index.html`;
    expect(existsSync(page)).to.equal(true);
    const html = readFileSync(page, 'utf8');
    expect(html).to.not.match(/<script[^>]+src="https?:/); // the scripts are inlined
    expect(statSync(page).size).to.be.greaterThan(100_000);
  });

  it('the docs page shows all four operations in headless Chromium', async function () {
    needBrowser(this);
    const page = `${root}reports/docs/index.html`;
    if (!existsSync(page)) await run('npm', ['run', '--silent', 'docs'], { cwd: root });
    const dom = await dumpDom(page);
    for (const op of getContract().operations) {
      expect(dom, op.summary).to.include(op.summary);
      expect(dom, op.path).to.include(op.path);
    }
    await screenshot(page, `${root}reports/docs/screenshot.png`);
    expect(statSync(`${root}reports/docs/screenshot.png`).size).to.be.greaterThan(10_000);
  });
});
