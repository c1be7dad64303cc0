// The reports: writeReports writes the four files, they agree with each other and with
// results.json (counts, ids), junit.xml is well-formed JUnit, the Markdown matrix has a row per
// operation, hostile text stays text, redaction reaches every file, and the HTML page renders
// in a real (headless) browser.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumpDom, needBrowser, screenshot } from '../support/browser.ts';
import {
  checkFamily,
  matrix,
  tally,
  redactDeep,
  renderHtml,
  renderJunit,
  renderMarkdown,
  writeReports,
  REPORT_FILES,
} from '../../src/report/index.ts';
import { esc } from '../../src/report/html.ts';
import { mdCode, mdFence, mdText } from '../../src/report/markdown.ts';
import type { CheckResult, Results } from '../../src/results/types.ts';
import { CANARY, HOSTILE_BODY, REDACTED, fixtureResults, redact } from './fixture.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

/** The attributes of the first element named `tag` in an XML string. */
function attrs(xml: string, tag: string, from = 0): Record<string, string> {
  const m = new RegExp(`<${tag}((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`).exec(xml.slice(from));
  expect(m, `<${tag}>`).to.not.equal(null);
  const out: Record<string, string> = {};
  for (const a of (m![1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) out[a[1]] = a[2];
  return out;
}

/** The XML without its CDATA sections, so hostile bodies cannot count as elements. */
function outsideCdata(xml: string): string {
  return xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
}

function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

/** XML attribute/text unescaping (the entities xmlbuilder writes). */
function unxml(s: string): string {
  return s.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#xD;', '\r').replaceAll('&#xA;', '\n').replaceAll('&#x9;', '\t').replaceAll('&amp;', '&');
}

/** Splits a Markdown table row into cells, honouring `\|`. */
function mdCells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('reports', function () {
  this.timeout(120_000);

  let dir: string;
  let results: Results;
  let files: string[];
  const text: Record<string, string> = {};
  let expected: Counts;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reports-'));
    results = fixtureResults();
    expected = { ...results.summary };
    ({ files } = await writeReports(results, join(dir, 'nested', 'out'), redact));
    for (const f of files) text[basename(f)] = readFileSync(f, 'utf8');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fixture: a realistic run with all three statuses', () => {
    expect(expected.passed).to.be.greaterThan(5);
    expect(expected.failed).to.be.greaterThan(2);
    expect(expected.skipped).to.be.greaterThan(1);
  });

  describe('writeReports', () => {
    it('creates the directory and writes the four files, returning their paths', () => {
      expect(files.map((f) => basename(f))).to.deep.equal([...REPORT_FILES]);
      for (const f of files) expect(statSync(f).size, f).to.be.greaterThan(500);
    });

    it('results.json is the Results as 2-space JSON (redacted)', () => {
      const json = text['results.json'];
      expect(json.startsWith('{\n  "run": {\n    "tool"')).to.equal(true);
      expect(JSON.parse(json)).to.deep.equal(JSON.parse(JSON.stringify(redactDeep(results, redact))));
    });

    it('does not change the Results it is given', () => {
      expect(JSON.stringify(results)).to.include(JSON.stringify(CANARY).slice(1, -1));
      expect(results.checks[5].failure!.response!.body).to.equal(HOSTILE_BODY);
    });

    it('redacts every file: the canary credential appears in none, in any escaping', () => {
      const variants = [CANARY, 'CANARY-pw', esc(CANARY), JSON.stringify(CANARY).slice(1, -1), mdText(CANARY)];
      for (const [name, body] of Object.entries(text)) {
        for (const v of variants) expect(body, `${name} holds ${v}`).to.not.include(v);
        expect(body, name).to.include(REDACTED.slice(1, -1));
      }
    });

    it('redacts the rendered text too (belt and braces: a redactor that knows what the model did not)', async () => {
      const out = join(dir, 'second');
      const { files: second } = await writeReports(results, out, (s) => redact(s).replaceAll('loyalty-conformance', 'TOOL'));
      for (const f of second) expect(readFileSync(f, 'utf8'), f).to.not.include('loyalty-conformance');
    });
  });

  describe('consistency across the four files', () => {
    it('same counts in results.json, junit.xml, report.html and conformance.md', () => {
      const json = JSON.parse(text['results.json']) as Results;
      expect(json.summary).to.deep.equal(expected);

      const root = attrs(text['junit.xml'], 'testsuites');
      expect({ tests: +root.tests, failures: +root.failures, skipped: +root.skipped, errors: +root.errors }).to.deep.equal({
        tests: expected.total,
        failures: expected.failed,
        skipped: expected.skipped,
        errors: 0,
      });

      const summary = attrs(text['report.html'], 'section id="summary"');
      expect({ p: +summary['data-passed'], f: +summary['data-failed'], s: +summary['data-skipped'] }).to.deep.equal({
        p: expected.passed,
        f: expected.failed,
        s: expected.skipped,
      });

      const line = /^\*\*Summary:\*\* ❌ (\d+) failed · ✅ (\d+) passed · ⏭ (\d+) skipped · (\d+) checks$/m.exec(text['conformance.md']);
      expect(line, 'summary line').to.not.equal(null);
      expect(line!.slice(1).map(Number)).to.deep.equal([expected.failed, expected.passed, expected.skipped, expected.total]);
    });

    it('every check id appears in every rendering, and failed ones in each failure section', () => {
      const xml = text['junit.xml'];
      const html = text['report.html'];
      const md = text['conformance.md'];
      for (const c of results.checks) {
        expect(xml, c.id).to.include(`name="${c.id} — `);
        expect(html, c.id).to.include(`<code class="id">${c.id}</code>`);
        expect(md, c.id).to.include(`\`${c.id}\``);
      }
      const failed = results.checks.filter((c) => c.status === 'failed');
      expect(count(html, /<article class="failure"/g)).to.equal(failed.length);
      expect(count(md, /^### ❌ /gm)).to.equal(failed.length);
      expect(count(outsideCdata(xml), /<failure /g)).to.equal(failed.length);
    });

    it('the matrix has the same cells in HTML and Markdown, and they add up to the summary', () => {
      const m = matrix(results.checks);
      type Counted = { passed: number; failed: number; skipped: number };
      const fromHtml = (td: string): Counted => {
        const n = (s: string) => Number(new RegExp(`title="(\\d+) ${s}"`).exec(td)?.[1] ?? 0);
        return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') };
      };
      const fromMd = (cell: string): Counted => {
        const n = (icon: string) => Number(new RegExp(`${icon} (\\d+)`).exec(cell)?.[1] ?? 0);
        return { passed: n('✅'), failed: n('❌'), skipped: n('⏭') };
      };
      const of = (t: Counted | undefined): Counted => ({ passed: t?.passed ?? 0, failed: t?.failed ?? 0, skipped: t?.skipped ?? 0 });

      const html = text['report.html'];
      const table = html.slice(html.indexOf('<table class="matrix">'), html.indexOf('</table>', html.indexOf('<table class="matrix">')));
      const htmlRows = [...table.matchAll(/<tr><th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((r) => ({
        head: r[1],
        cells: [...r[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]),
      }));
      const md = text['conformance.md'].split('\n');
      const start = md.findIndex((l) => l.startsWith('| Operation |'));
      const mdRows: string[][] = [];
      for (let i = start + 2; md[i]?.startsWith('|'); i++) mdRows.push(mdCells(md[i]));

      expect(htmlRows).to.have.length(m.rows.length + 1);
      expect(mdRows).to.have.length(m.rows.length + 1);
      const expectedRows = [
        ...m.rows.map((row) => [row.total, ...m.families.map((f) => row.cells.get(f))]),
        [tally(results.checks), ...m.families.map((f) => m.familyTotals.get(f))],
      ];
      expectedRows.forEach((cells, i) => {
        expect(htmlRows[i].cells).to.have.length(cells.length);
        expect(mdRows[i]).to.have.length(cells.length + 1);
        cells.forEach((cell, j) => {
          expect(fromHtml(htmlRows[i].cells[j]), `html row ${i} col ${j}`).to.deep.equal(of(cell));
          expect(fromMd(mdRows[i][j + 1]), `md row ${i} col ${j}`).to.deep.equal(of(cell));
        });
        if (i < m.rows.length) {
          expect(htmlRows[i].head).to.equal(`<code>${esc(m.rows[i].label)}</code>`);
          expect(mdRows[i][0]).to.equal(`\`${m.rows[i].label}\``);
        }
      });
      const last = fromMd(mdRows.at(-1)![1]);
      expect(last).to.deep.equal({ passed: expected.passed, failed: expected.failed, skipped: expected.skipped });
    });
  });

  describe('junit.xml', () => {
    let xml: string;
    before(() => {
      xml = text['junit.xml'];
    });

    it('one testsuite per operation ("*" as general), each counting its own cases', () => {
      const ops = [...new Set(results.checks.map((c) => c.operation))];
      const suites = [...outsideCdata(xml).matchAll(/<testsuite (\s*[^>]*)>/g)].map((m) => attrs(m[0], 'testsuite'));
      expect(suites.map((s) => unxml(s.name)).sort()).to.deep.equal(ops.map((o) => (o === '*' ? 'general' : o)).sort());
      for (const s of suites) {
        const op = unxml(s.name) === 'general' ? '*' : unxml(s.name);
        const mine = results.checks.filter((c) => c.operation === op);
        expect(+s.tests, s.name).to.equal(mine.length);
        expect(+s.failures, s.name).to.equal(mine.filter((c) => c.status === 'failed').length);
        expect(+s.skipped, s.name).to.equal(mine.filter((c) => c.status === 'skipped').length);
      }
      expect(suites.at(-1)!.name).to.equal('general');
      for (const s of suites) expect(s.timestamp).to.equal('2025-06-02T09:14:03'); // the JUnit XSD's form: no zone
    });

    it('one testcase per check: classname = operation, name = "id — title"', () => {
      const plain = outsideCdata(xml);
      expect(count(plain, /<testcase /g)).to.equal(expected.total);
      expect(count(plain, /<failure /g)).to.equal(expected.failed);
      expect(count(plain, /<skipped /g)).to.equal(expected.skipped);
      const cases = [...plain.matchAll(/<testcase ([^>]*)>/g)].map((m) => attrs(m[0], 'testcase'));
      expect(cases.map((c) => unxml(c.name))).to.deep.equal(results.checks.map((c) => `${c.id} — ${c.title}`));
      const bulk = cases.find((c) => c.name.startsWith('bulk-redeem.atomic-failure'))!;
      expect(unxml(bulk.classname)).to.equal('POST /v2/coupon/bulk/redeem');
    });

    it('a failure: message is its title, the body has Received/Documented, curl, response, seed/path/counterexample', () => {
      const prop = xml.slice(xml.indexOf('name="coupon-issue.valid-requests-accepted'));
      const failure = attrs(prop, 'failure');
      expect(unxml(failure.message)).to.equal('a schema-valid request was rejected with 400');
      expect(failure.type).to.equal('property');
      const body = /<failure [^>]*><!\[CDATA\[([\s\S]*?)\]\]><\/failure>/.exec(prop)![1];
      expect(body).to.include('Received:   HTTP 400 with code 8015');
      expect(body).to.include('Documented: HTTP 200');
      expect(body).to.include("curl -sS -X POST 'http://127.0.0.1:40123/v2/coupon/issue'");
      expect(body).to.include('Response: HTTP 400 · application/json');
      expect(body).to.include('Seed:           1234567');
      expect(body).to.include('Path:           16:2:0:0');
      expect(body).to.include('"mobile": "910000000000"');
      const atomic = xml.slice(xml.indexOf('name="bulk-redeem.atomic-failure'));
      expect(atomic.slice(0, atomic.indexOf('</testcase>'))).to.include('--- Failure 2 of 2 ---');
    });

    it('a skipped case carries its reason as the message', () => {
      const skip = xml.slice(xml.indexOf('name="bulk-redeem.double-redemption'));
      expect(unxml(attrs(skip, 'skipped').message)).to.equal('writes against a remote host need --allow-writes');
      const html = xml.slice(xml.indexOf('name="bulk-redeem.concurrent-redemption'));
      expect(attrs(html, 'skipped').message).to.equal('writes against a remote host need --allow-writes &lt;b>not bold&lt;/b>');
    });

    it('is well-formed XML, hostile `]]>` and `<script>` included (parsed by Chromium)', async function () {
      needBrowser(this);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).to.equal(true);
      const file = join(dir, 'junit-check.xml');
      writeFileSync(file, xml);
      const dom = await dumpDom(file);
      expect(dom).to.not.include('parsererror');
      expect(dom).to.include('webkit-xml-viewer-source-xml');
      expect(dom).to.include('bulk-redeem.atomic-failure');
      // The control: the same parse does catch a broken CDATA section.
      writeFileSync(file, '<?xml version="1.0"?>\n<a><![CDATA[x ]]> y ]]></a>');
      expect(await dumpDom(file)).to.include('parsererror');
    });

    it('renders an empty run', () => {
      const empty = renderJunit({ ...fixtureResults(), checks: [], summary: { passed: 0, failed: 0, skipped: 0, total: 0 } });
      expect(attrs(empty, 'testsuites').tests).to.equal('0');
    });
  });

  describe('conformance.md', () => {
    let md: string;
    before(() => {
      md = text['conformance.md'];
    });

    it('title, run info, summary line', () => {
      expect(md.startsWith('# Conformance report: ❌ Non-conformance found\n')).to.equal(true);
      for (const fact of ['| Host | `embedded reference host (http://127.0.0.1:40123)` |', '| Seed | `1234567` |', '| Requests sent | 1874 |', '| Duration | 48 s |']) {
        expect(md).to.include(fact);
      }
    });

    it('the matrix: a GitHub table with a row per operation and a column per check family', () => {
      const lines = md.split('\n');
      const start = lines.findIndex((l) => l.startsWith('| Operation |'));
      const header = mdCells(lines[start]);
      expect(lines[start + 1]).to.match(/^\|---\|(:---:\|)+$/);
      const rows: string[] = [];
      for (let i = start + 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i]);
      const ops = [...new Set(results.checks.map((c) => c.operation))].map((o) => (o === '*' ? 'general' : o));
      expect(rows.map((r) => mdCells(r)[0])).to.deep.equal([...ops.map((o) => `\`${o}\``), '**all operations**']);
      for (const r of rows) expect(mdCells(r), r).to.have.length(header.length);
      expect(header).to.deep.equal([
        'Operation',
        'all checks',
        '`response_schema_conformance`',
        '`status_code_conformance`',
        '`error`',
        '_other properties_',
        '_other scenarios_',
      ]);
      const bulk = mdCells(rows[1]);
      expect(bulk[header.indexOf('_other scenarios_')]).to.equal('❌ 1 ✅ 3 ⏭ 2');
      expect(bulk[header.indexOf('`response_schema_conformance`')]).to.equal('❌ 1');
      expect(mdCells(rows[3])[header.indexOf('`error`')]).to.equal('❌ 1 ✅ 1');
    });

    it('failures: id, title, Received/Documented, curl in a fenced block; skipped with reasons', () => {
      expect(md).to.include('### ❌ `bulk-redeem.atomic-failure`: should redeem nothing when one coupon is invalid');
      expect(md).to.include('- **Received:** 2 of 3 coupons redeemed');
      expect(md).to.include('- **Documented:** the whole batch is rejected');
      expect(md).to.match(/```sh\ncurl -sS -X POST 'http:\/\/127\.0\.0\.1:40123\/v2\/coupon\/bulk\/redeem'/);
      expect(md).to.include('- ⏭ `bulk-redeem.double-redemption`: should refuse to redeem a coupon twice (`POST /v2/coupon/bulk/redeem`): writes against a remote host need --allow-writes');
      expect(md).to.include('- **Seed:** `1234567`');
    });

    it('escapes `|` in table cells and markup in text; the hostile body stays inside its fence', () => {
      expect(md).to.include('| should answer 749 when both \\| identifiers are given |');
      expect(md).to.include('- **Received:** HTTP 500 text/html \\<script\\>alert(1)\\</script\\>');
      expect(md).to.include('(\\*only one\\* of redemptionId, externalReferenceNumber)');
      expect(md).to.include('need --allow-writes \\<b\\>not bold\\</b\\>');
      // The body holds a ``` run: its fence is longer.
      expect(md).to.include('````\n<html><body><script>alert(1)</script></pre>');
      // Outside fenced blocks, no raw tag but the <details> wrapper.
      const outside = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
      expect(outside.match(/(?<!\\)<(?!\/?(details|summary)>)[a-z/]/gi)).to.equal(null);
    });
  });

  describe('report.html', () => {
    let html: string;
    before(() => {
      html = text['report.html'];
    });

    it('is self-contained: no external script, style, font or image', () => {
      expect(html).to.not.match(/<(script|img|link|iframe)[^>]+(src|href)=/i);
      expect(html).to.not.match(/url\(/i);
      expect(html).to.not.match(/@import|@font-face/i);
      expect(count(html, /<script>/g)).to.equal(1);
      expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    });

    it('escapes all text: the hostile body cannot add an element or close its <pre>', () => {
      expect(html).to.not.include('<script>alert');
      expect(html).to.not.include('<img src=x');
      expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;&lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(count(html, /<pre[ >]/g)).to.equal(count(html, /<\/pre>/g));
      expect(html).to.include('need --allow-writes &lt;b&gt;not bold&lt;/b&gt;');
    });

    it('header, summary, matrix, failures in full, skipped, all checks', () => {
      for (const s of ['embedded reference host (http://127.0.0.1:40123)', '2025-06-02 09:14:03 UTC', '48 s', '1234567', '1874', 'Non-conformance found']) {
        expect(html, s).to.include(esc(s));
      }
      const order = ['id="summary"', 'id="matrix"', 'id="failures"', 'id="skipped"', 'id="all-checks"'].map((s) => html.indexOf(s));
      expect(order.every((v, i) => v > 0 && (i === 0 || v > order[i - 1]))).to.equal(true);
      const prop = html.slice(html.indexOf('id="fail-check-coupon-issue.valid-requests-accepted"'));
      const card = prop.slice(0, prop.indexOf('</article>'));
      for (const s of ['<dt>Received</dt><dd>HTTP 400 with code 8015', '<dt>Documented</dt>', '<pre class="curl">curl -sS', '<dt>Seed</dt><dd><code>1234567</code>', '<dt>Path</dt><dd><code>16:2:0:0</code>', '<pre class="cx">', 'HTTP 400 · application/json']) {
        expect(card, s).to.include(s);
      }
      expect(html).to.include('<ul class="details"><li>/status is required but missing</li>');
      expect(count(html.slice(html.indexOf('id="skipped"')), /<tr id="skip-/g)).to.equal(expected.skipped);
      expect(count(html, /<tr data-status=/g)).to.equal(expected.total);
    });

    it('renders in headless Chromium: the summary counts, the filter script runs, nothing injected', async function () {
      needBrowser(this);
      const file = files.find((f) => f.endsWith('report.html'))!;
      const dom = await dumpDom(file);
      const section = /<section id="summary"[^>]*>([\s\S]*?)<\/section>/.exec(dom);
      expect(section, '#summary').to.not.equal(null);
      const attrsOf = attrs(section![0], 'section');
      expect(+attrsOf['data-passed']).to.equal(expected.passed);
      expect(+attrsOf['data-failed']).to.equal(expected.failed);
      expect(+attrsOf['data-skipped']).to.equal(expected.skipped);
      for (const [n, w] of [[expected.failed, 'failed'], [expected.passed, 'passed'], [expected.skipped, 'skipped'], [expected.total, 'checks']] as const) {
        expect(section![1]).to.include(`<span class="n">${n}</span><span class="w">${w}</span>`);
      }
      expect(dom).to.include(`${expected.total} of ${expected.total} shown`); // the inline script ran (CSP hash)
      expect(dom).to.not.match(/<div class="filters" id="filters" hidden/);
      expect(count(dom, /<script\b/g)).to.equal(1);
      expect(count(dom, /<img\b/g)).to.equal(0);
    });

    it('a screenshot (reports/report-screenshot.png) is a real page, not blank', async function () {
      needBrowser(this);
      const file = files.find((f) => f.endsWith('report.html'))!;
      mkdirSync(join(root, 'reports'), { recursive: true });
      const png = join(root, 'reports', 'report-screenshot.png');
      rmSync(png, { force: true });
      await screenshot(file, png, '1280,2400');
      expect(statSync(png).size).to.be.greaterThan(60_000);
    });

    it('renders an empty run and a run with no failures', () => {
      const base = fixtureResults();
      const empty = renderHtml({ ...base, checks: [], summary: { passed: 0, failed: 0, skipped: 0, total: 0 } });
      expect(empty).to.include('No checks ran.').and.include('No check failed.').and.include('data-passed="0"');
      const clean = { ...base, run: { ...base.run, exitCode: 0 }, checks: base.checks.filter((c) => c.status === 'passed') };
      expect(renderHtml(clean)).to.include('<span class="verdict pass">Conforms</span>');
      expect(renderMarkdown(clean)).to.include('_No check failed._');
    });

    it('says so when the run summary disagrees with its checks', () => {
      const base = fixtureResults();
      const off = { ...base, summary: { ...base.summary, failed: base.summary.failed + 1 } };
      expect(renderHtml(off)).to.include('class="warning"');
      expect(renderMarkdown(off)).to.include('> ⚠️ the run');
    });
  });

  describe('helpers', () => {
    it('checkFamily: the check name, cut at its own dot or before its first numbered word', () => {
      expect(checkFamily('coupon-issue.response_schema_conformance')).to.equal('response_schema_conformance');
      expect(checkFamily('bulk-redeem.atomic-failure')).to.equal('atomic-failure');
      expect(checkFamily('points-update.error-749-both-identifiers')).to.equal('error');
      expect(checkFamily('bulk-redeem.batch-limit-51')).to.equal('batch-limit');
      expect(checkFamily('coupon-issue.errors.702')).to.equal('errors');
      expect(checkFamily('nodot')).to.equal('nodot');
    });

    it('matrix: response checks first, shared families as columns, one-operation families folded', () => {
      const c = (id: string, operation: string, kind: CheckResult['kind'], status: CheckResult['status'] = 'passed'): CheckResult => ({ id, title: id, operation, kind, status });
      const checks = [
        c('a.atomic', 'A', 'scenario', 'failed'),
        c('a.schema.ok', 'A', 'schema'),
        c('b.schema.refusal', 'B', 'schema'),
        c('a.auth-missing', 'A', 'scenario'),
        c('b.auth-missing', 'B', 'scenario', 'skipped'),
        c('b.valid-accepted', 'B', 'property'),
        c('a.not_a_server_error', 'A', 'response'),
        c('g.rate', '*', 'scenario'),
      ];
      const m = matrix(checks);
      expect(m.families).to.deep.equal(['not_a_server_error', 'schema', 'auth-missing', 'other properties', 'other scenarios']);
      expect(m.columns.filter((col) => col.catchAll).map((col) => col.key)).to.deep.equal(['other properties', 'other scenarios']);
      expect(m.rows.map((r) => r.label)).to.deep.equal(['A', 'B', 'general']);
      expect(m.rows[0].cells.get('other scenarios')).to.include({ failed: 1, total: 1, status: 'failed' });
      expect(m.rows[2].cells.get('other scenarios')!.ids).to.deep.equal(['g.rate']);
      expect(m.familyTotals.get('auth-missing')).to.include({ passed: 1, skipped: 1, status: 'passed' });
      expect(m.columnOf.get('a.atomic')).to.equal('other scenarios');
      // One operation only: nothing to fold.
      expect(matrix(checks.filter((x) => x.operation === 'A')).families).to.deep.equal(['not_a_server_error', 'schema', 'atomic', 'auth-missing']);
    });

    it('mdCode / mdFence hold any backticks; mdText neutralises markup', () => {
      expect(mdCode('a`b')).to.equal('``a`b``');
      expect(mdCode('`x`')).to.equal('`` `x` ``');
      expect(mdCode('a|b', true)).to.equal('`a\\|b`');
      expect(mdFence('x\n```\ny')).to.equal('````\nx\n```\ny\n````');
      expect(mdText('<a href=x>[l](u)</a> *b* a|b')).to.equal('\\<a href=x\\>\\[l\\](u)\\</a\\> \\*b\\* a\\|b');
    });

    it('redactDeep reaches nested strings and keys, leaves other values', () => {
      const v = { a: ['x-SECRET', { SECRET: 1, n: null, b: true }] };
      expect(redactDeep(v, (s) => s.replaceAll('SECRET', '***'))).to.deep.equal({ a: ['x-***', { '***': 1, n: null, b: true }] });
    });
  });
});
