// The reports of a run, all rendered from one Results value (DESIGN.md, "Results"):
//   results.json   the Results itself, the input of `--baseline` and of every other report;
//   junit.xml      the CI gate's view (one testsuite per operation, one testcase per check);
//   report.html    one self-contained page for people;
//   conformance.md the matrix and failures as GitHub Markdown.
// Credentials: the runner redacts them where it records them; here, belt and braces, every
// string of the Results goes through `redact` before any renderer sees it (so a secret is
// caught before escaping could disguise it), and every rendered file goes through it again.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExchangeRecord, Results } from '../results/types.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { appendStepSummary } from './step-summary.ts';
import { writeFailureFiles } from './failures.ts';
import { renderDiffHtml, renderDiffMarkdown, type DiffReport } from '../diff/index.ts';

export { renderHtml } from './html.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export { checkFamily, matrix, tally } from './model.ts';
export { appendStepSummary, renderStepSummary } from './step-summary.ts';
export { FAILURES_DIR, failureFileName, savedFailureOf, writeFailureFiles } from './failures.ts';

/** The file names writeReports writes, in the order it writes them. */
export const REPORT_FILES = ['results.json', 'junit.xml', 'report.html', 'conformance.md'] as const;

/** A deep copy of a JSON-like value with every string (keys too) passed through `redact`. */
export function redactDeep<T>(value: T, redact: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[redact(k)] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** The Results as results.json holds it: 2-space indented JSON. */
export function renderJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/**
 * Writes results.json, junit.xml, report.html and conformance.md into `dir` (created if
 * missing) and returns their paths. Every string passes through `redact` first. Under GitHub
 * Actions (GITHUB_STEP_SUMMARY set) the matrix, failed rules first, is appended to the job summary.
 */
export async function writeReports(
  results: Results,
  dir: string,
  redact: (s: string) => string,
  extra: { requests?: readonly ExchangeRecord[] } = {},
): Promise<{ files: string[]; failures: string[] }> {
  const clean = redactDeep(results, redact);
  const rendered: Record<(typeof REPORT_FILES)[number], string> = {
    'results.json': renderJson(clean),
    'junit.xml': renderJunit(clean),
    'report.html': withDiffHtml(renderHtml(clean), clean.diff),
    'conformance.md': clean.diff ? `${renderMarkdown(clean)}\n${renderDiffMarkdown(clean.diff)}` : renderMarkdown(clean),
  };
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of REPORT_FILES) {
    const file = join(dir, name);
    await writeFile(file, redact(rendered[name]), 'utf8');
    files.push(file);
  }
  if (extra.requests) {
    // The request log: one redacted JSON line per request (not one of the rendered reports).
    await writeFile(join(dir, 'requests.jsonl'), extra.requests.map((r) => redact(JSON.stringify(r))).join('\n') + '\n', 'utf8');
  }
  const failures = await writeFailureFiles(clean, dir, redact);
  await appendStepSummary(clean, redact);
  return { files, failures };
}

/** The differential section of a differential run, at the end of the page's main content. */
function withDiffHtml(html: string, diff: DiffReport | undefined): string {
  if (!diff) return html;
  const at = html.lastIndexOf('</main>');
  const section = renderDiffHtml(diff);
  return at < 0 ? html.replace('</body>', `${section}\n</body>`) : `${html.slice(0, at)}${section}\n${html.slice(at)}`;
}
