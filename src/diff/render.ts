// The differential report in the four formats of a run: a JSON section (results.json `diff`),
// JUnit test cases (one per operation and path, failing when not noise; junit-report-builder,
// as src/report/junit.ts), an HTML fragment (every text escaped) and a Markdown section.
import builderModule from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import { STATUS_PATH } from './compare.ts';
import type { DiffExample, DiffReport, FieldDifference } from './types.ts';

const rootBuilder = ((builderModule as unknown as { default?: Builder }).default ?? builderModule) as Builder;

/** The `diff` section of results.json: the report itself, as plain JSON. */
export function renderDiffJson(report: DiffReport): DiffReport {
  return JSON.parse(JSON.stringify(report)) as DiffReport;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function fieldLabel(d: { path: string }): string {
  return d.path === STATUS_PATH ? 'HTTP status' : d.path;
}

/** One difference as a sentence: "/errors[]/code: primary 749, candidate 750 (3 of 4 requests)". */
export function describeDifference(d: FieldDifference): string {
  return `${fieldLabel(d)} (${d.kinds.join(', ')}): primary ${show(d.example.a)}, candidate ${show(d.example.b)} in ${d.count} of ${d.pairs} requests`;
}

function exampleText(e: DiffExample): string {
  return [`key: ${e.key}`, `request: ${e.request}`, ...(e.curl ? [`curl: ${e.curl}`] : []), `primary: ${show(e.a)}`, `candidate: ${show(e.b)}`].join('\n');
}

function summaryLine(report: DiffReport): string {
  const real = report.differences.filter((d) => !d.noise).length;
  const unpaired = report.unpaired.filter((u) => !u.noise).length;
  return `${report.pairs} request pairs compared (${report.noisePairs} calibration pairs): ${real} difference(s) that are not noise, ${report.differences.length - real} noise, ${unpaired} unpaired request(s)${report.ok ? '; the hosts agree' : ''}`;
}

/** Adds one test suite "differential" to a junit-report-builder builder: a case per (operation, path), failing when not noise. */
export function addDiffTestSuite(builder: Builder, report: DiffReport): void {
  const suite = builder.testSuite().name('differential').property('pairs', String(report.pairs)).property('calibrationPairs', String(report.noisePairs));
  if (report.differences.length === 0 && report.unpaired.length === 0) {
    suite.testCase().className('differential').name('the hosts answer alike on every request pair');
  }
  for (const d of report.differences) {
    const tc = suite.testCase().className(`differential.${d.operation}`).name(`${d.operation} ${fieldLabel(d)}`);
    if (!d.noise) tc.failure(oneLine(describeDifference(d)), 'difference').stacktrace(`${describeDifference(d)}\n${d.reason}\n${exampleText(d.example)}`.replaceAll(']]>', ']] >'));
  }
  for (const u of report.unpaired) {
    const tc = suite.testCase().className(`differential.${u.operation}`).name(`${u.key} answered by the ${u.only} only`);
    if (!u.noise) tc.failure(`request ${u.key} was sent to the ${u.only} host only`, 'unpaired');
  }
}

/** A whole junit.xml document with the differential suite alone. */
export function renderDiffJunit(report: DiffReport): string {
  const builder = rootBuilder.newBuilder();
  addDiffTestSuite(builder, report);
  return `${builder.build()}\n`;
}

export function escapeHtml(text: string | number): string {
  return String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** An HTML fragment (a <section>), every text escaped. */
export function renderDiffHtml(report: DiffReport): string {
  const rows = report.differences
    .map(
      (d) =>
        `<tr class="${d.noise ? 'noise' : 'difference'}"><td>${escapeHtml(d.noise ? 'noise' : 'DIFFERENT')}</td><td><code>${escapeHtml(d.operation)}</code></td><td><code>${escapeHtml(fieldLabel(d))}</code></td><td>${escapeHtml(d.kinds.join(', '))}</td><td>${d.count} / ${d.pairs}</td><td>${d.noiseCount} / ${d.noisePairs}</td>` +
        `<td><details><summary><code>${escapeHtml(oneLine(show(d.example.a), 80))}</code> → <code>${escapeHtml(oneLine(show(d.example.b), 80))}</code></summary><pre>${escapeHtml(`${exampleText(d.example)}\n${d.reason}`)}</pre></details></td></tr>`,
    )
    .join('\n');
  const unpaired = report.unpaired.length
    ? `<h3>Unpaired requests</h3><ul>${report.unpaired.map((u) => `<li><code>${escapeHtml(u.key)}</code> (${escapeHtml(u.operation)}): ${escapeHtml(u.only)} only${u.noise ? ' (noise)' : ''}</li>`).join('')}</ul>`
    : '';
  return [
    `<section class="differential" id="differential">`,
    `<h2>Differential run</h2>`,
    `<p class="${report.ok ? 'ok' : 'not-ok'}">${escapeHtml(summaryLine(report))}</p>`,
    report.differences.length
      ? `<table><thead><tr><th>verdict</th><th>operation</th><th>field</th><th>kind</th><th>candidate differs</th><th>host differs from itself</th><th>example (primary → candidate)</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
      : '',
    unpaired,
    `</section>`,
  ].filter(Boolean).join('\n');
}

function mdCell(text: string): string {
  return oneLine(text, 120).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('`', "'");
}

/** A Markdown section (## Differential run). */
export function renderDiffMarkdown(report: DiffReport): string {
  const lines = ['## Differential run', '', summaryLine(report), ''];
  if (report.differences.length) {
    lines.push('| verdict | operation | field | kind | candidate differs | host differs from itself | example (primary → candidate) |', '|---|---|---|---|---|---|---|');
    for (const d of report.differences) {
      lines.push(`| ${d.noise ? 'noise' : '**DIFFERENT**'} | \`${mdCell(d.operation)}\` | \`${mdCell(fieldLabel(d))}\` | ${d.kinds.join(', ')} | ${d.count}/${d.pairs} | ${d.noiseCount}/${d.noisePairs} | \`${mdCell(show(d.example.a))}\` → \`${mdCell(show(d.example.b))}\` (${mdCell(d.example.key)}) |`);
    }
    lines.push('');
  }
  if (report.unpaired.length) {
    lines.push('Unpaired requests:', '');
    for (const u of report.unpaired) lines.push(`- \`${mdCell(u.key)}\` (${mdCell(u.operation)}): ${u.only} only${u.noise ? ' (noise)' : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}
