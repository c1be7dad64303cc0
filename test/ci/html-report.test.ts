// The HTML report as a browser shows it: a CLI run against the embedded host, its
// report.html opened in headless Chromium, a screenshot saved beside it (the run's reports
// dir), and the summary checked both in the DOM and in the pixels of the screenshot: the
// passed tile and the bar are drawn in their colours. A control page with the summary hidden
// must fail the same pixel check, so the check can tell.
import { expect } from 'chai';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpDom, needBrowser, screenshot } from '../support/browser.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { countColor, readPng } from './png.ts';

const PASS_BG = '#dafbe1'; // the passed tile (--pass-bg in src/report/html.ts)
const PASS = '#1a7f37'; // the bar's passed part, the numbers (--pass)

/** Whether a screenshot shows the summary: the passed tile (about 265 x 80 px) and the bar (about 1100 x 10 px), drawn in their colours. */
function summaryDrawn(png: string): { tile: number; bar: number; ok: boolean } {
  const img = readPng(png);
  const tile = countColor(img, PASS_BG, 3);
  const bar = countColor(img, PASS, 3);
  return { tile, bar, ok: tile > 15_000 && bar > 8_000 };
}

describe('ci: report.html in headless Chromium', function () {
  this.timeout(180_000);
  let run: CliRun;
  let html: string;

  before(async () => {
    // The schema rules of the four operations: every response check applies, so the pass bar is full.
    run = await runCli(['--grep', '\\.schema\\.']);
    html = join(run.reportsDir, 'report.html');
  });

  it('the run wrote report.html', () => {
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(statSync(html).size).to.be.greaterThan(5_000);
  });

  it('renders its summary: the DOM holds the run\'s counts', async function () {
    needBrowser(this);
    const dom = await dumpDom(html);
    const section = /<section id="summary"([^>]*)>([\s\S]*?)<\/section>/.exec(dom);
    expect(section, '#summary in the DOM').to.not.equal(null);
    const { summary } = run.results!;
    expect(section![1]).to.include(`data-passed="${summary.passed}"`).and.to.include(`data-total="${summary.total}"`);
    expect(section![2]).to.match(new RegExp(`<span class="n">${summary.passed}</span><span class="w">passed</span>`));
    expect(dom).to.match(/<span class="verdict pass">Conforms<\/span>/);
  });

  it('saves a screenshot under the reports dir that shows the summary drawn', async function () {
    needBrowser(this);
    const png = join(run.reportsDir, 'report-screenshot.png');
    await screenshot(html, png, '1280,1000');
    const drawn = summaryDrawn(png);
    expect(readPng(png).width).to.equal(1280);
    expect(drawn.ok, `passed tile ${drawn.tile} px, bar ${drawn.bar} px`).to.equal(true);
  });

  it('(control) the same check fails on the page with its summary not rendered', async function () {
    needBrowser(this);
    const hidden = join(run.reportsDir, 'report-without-summary.html');
    writeFileSync(hidden, readFileSync(html, 'utf8').replace('<section id="summary"', '<section hidden id="summary"'));
    const png = join(run.reportsDir, 'report-without-summary.png');
    await screenshot(hidden, png, '1280,1000');
    expect(summaryDrawn(png).ok).to.equal(false);
  });
});
