// The GitHub Actions job summary: when GITHUB_STEP_SUMMARY names a file (GitHub sets it in
// every step), the run's conformance matrix is appended to it as Markdown, the failed rules
// first (each with Received / Documented), then the operation × check matrix. GitHub shows
// at most 1 MiB per step: the failures list is cut to fit, saying how many were left out.
import { appendFile } from 'node:fs/promises';
import type { CheckResult, Results } from '../results/types.ts';
import { mdCode, mdText, matrixMd } from './markdown.ts';
import { failuresOf, operationLabel, tally, verdict } from './model.ts';

/** GitHub's limit per step is 1 MiB; stay well under it. */
export const STEP_SUMMARY_MAX_BYTES = 512 * 1024;

function failedLine(check: CheckResult): string {
  const first = failuresOf(check)[0];
  const detail = first ? ` Received: ${mdText(first.received)} / Documented: ${mdText(first.documented)}` : '';
  return `- ❌ ${mdCode(check.id)} (${mdCode(operationLabel(check.operation))}): ${mdText(check.title)}.${detail}`;
}

/** The job-summary Markdown: verdict and counts, failed rules first, then the matrix. */
export function renderStepSummary(results: Results, maxBytes = STEP_SUMMARY_MAX_BYTES): string {
  const t = tally(results.checks);
  const v = verdict(results.run.exitCode);
  const failed = results.checks.filter((c) => c.status === 'failed');
  const head = [
    `## Conformance: ${v.tone === 'pass' ? '✅' : v.tone === 'fail' ? '❌' : '⚠️'} ${v.word} (${mdCode(results.run.host)})`,
    '',
    `**${t.failed} failed** · ${t.passed} passed · ${t.skipped} skipped · ${t.total} checks`,
    '',
  ];
  const tail = ['', '### Operations × checks', '', matrixMd(results.checks), '', '_Full report: `reports/conformance.md` and `report.html` in the run\'s artifacts._', ''];
  const budget = maxBytes - Buffer.byteLength([...head, ...tail].join('\n')) - 200;
  const lines: string[] = [];
  if (failed.length) {
    lines.push(`### Failed rules (${failed.length})`, '');
    let used = 0;
    for (const [i, c] of failed.entries()) {
      const line = failedLine(c);
      if (used + Buffer.byteLength(line) + 1 > budget) {
        lines.push(`- … and ${failed.length - i} more failed rules (see the full report)`);
        break;
      }
      lines.push(line);
      used += Buffer.byteLength(line) + 1;
    }
  } else {
    lines.push('_No rule failed._');
  }
  return [...head, ...lines, ...tail].join('\n');
}

/**
 * Appends the summary to the file GITHUB_STEP_SUMMARY names (every string already redacted
 * by the caller; `redact` once more on the text). Returns the file, or null when unset.
 */
export async function appendStepSummary(results: Results, redact: (s: string) => string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return null;
  await appendFile(file, `${redact(renderStepSummary(results))}\n`, 'utf8');
  return file;
}
