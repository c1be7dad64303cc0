// conformance.md: the run as GitHub-flavoured Markdown (a PR comment, a job summary, a wiki
// page): run info, the summary line, the operation × check matrix, the failures and the skips.
// Text from the host is escaped so it cannot become markup (HTML tags, links, emphasis, table
// cells); curl commands and bodies go in fenced blocks whose fence is longer than any run of
// backticks inside them.
import type { CheckResult, CheckStatus, Failure, Results } from '../results/types.ts';
import { failuresOf, gateNote, matrix, operationLabel, responseLine, runFacts, overview, tally, type Tally } from './model.ts';

const ICON: Record<CheckStatus, string> = { passed: '✅', failed: '❌', skipped: '⏭' };

/**
 * Inline text made literal: CommonMark backslash escapes for the characters that start inline
 * markup (`\ \` * _ [ ] < > | ~ &`), newlines folded to spaces. Safe inside table cells too.
 */
export function mdText(text: string | number): string {
  return String(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]<>|~&!#]/g, '\\$&');
}

/**
 * An inline code span that holds any text (fence longer than its longest backtick run). In a
 * table cell (`cell`), `|` is escaped too: GFM ends the cell at a bare `|` even in a code span.
 */
export function mdCode(text: string | number, cell = false): string {
  const s = String(text).replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${cell ? s.replaceAll('|', '\\|') : s}${pad}${fence}`;
}

/** A code span for a table cell. */
function cellCode(text: string | number): string {
  return mdCode(text, true);
}

/** A fenced block that holds any text. */
export function mdFence(text: string, lang = ''): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function counts(t: Pick<Tally, 'passed' | 'failed' | 'skipped'>): string {
  const out: string[] = [];
  if (t.failed) out.push(`${ICON.failed} ${t.failed}`);
  if (t.passed) out.push(`${ICON.passed} ${t.passed}`);
  if (t.skipped) out.push(`${ICON.skipped} ${t.skipped}`);
  return out.join(' ') || '·';
}

export function matrixMd(checks: readonly CheckResult[]): string {
  const m = matrix(checks);
  if (m.rows.length === 0) return '_No checks ran._';
  const header = `| Operation | all checks | ${m.columns.map((c) => (c.catchAll ? `_${c.key}_` : cellCode(c.key))).join(' | ')} |`;
  const rule = `|---|:---:|${m.families.map(() => ':---:').join('|')}|`;
  const rows = m.rows.map((row) => {
    const cells = m.families.map((f) => {
      const cell = row.cells.get(f);
      return cell ? counts(cell) : '·';
    });
    return `| ${cellCode(row.label)} | ${counts(row.total)} | ${cells.join(' | ')} |`;
  });
  const total = `| **all operations** | **${counts(tally(checks))}** | ${m.families.map((f) => counts(m.familyTotals.get(f)!)).join(' | ')} |`;
  return [header, rule, ...rows, total].join('\n');
}

function failureMd(f: Failure, index: number, count: number, checkOperation: string): string {
  const out: string[] = [];
  if (count > 1) out.push(`**Failure ${index + 1} of ${count}:** ${mdText(f.title)}`);
  else out.push(`**${mdText(f.title)}**`);
  out.push('');
  out.push(`- **Received:** ${mdText(f.received)}`);
  out.push(`- **Documented:** ${mdText(f.documented)}`);
  if (f.operation && f.operation !== checkOperation) out.push(`- **Operation:** ${mdCode(f.operation)}`);
  for (const d of f.details ?? []) out.push(`- ${mdText(d)}`);
  if (f.seed !== undefined) out.push(`- **Seed:** ${mdCode(f.seed)}`);
  if (f.path !== undefined) out.push(`- **Path:** ${mdCode(f.path)}`);
  if (f.curl) out.push('', 'Request:', '', mdFence(f.curl, 'sh'));
  if (f.response) {
    const line = mdText(responseLine(f.response));
    out.push('', ...(f.response.body ? [`Response (${line}):`, '', mdFence(f.response.body)] : [`Response (${line}): empty body.`]));
  }
  if (f.counterexample !== undefined) out.push('', 'Counterexample (shrunk):', '', mdFence(f.counterexample));
  return out.join('\n');
}

function failedCheckMd(results: Results, check: CheckResult): string {
  const note = gateNote(results, check);
  const failures = failuresOf(check);
  const meta = [`**Operation:** ${mdCode(operationLabel(check.operation))}`, `**Kind:** ${check.kind}`];
  if (check.source) meta.push(`**Source:** ${mdText(check.source)}`);
  const body = failures.length
    ? failures.map((f, i) => failureMd(f, i, failures.length, check.operation)).join('\n\n')
    : '_The check failed without a recorded failure._';
  return `### ${ICON.failed} ${mdCode(check.id)}: ${mdText(check.title)}\n\n${note ? `**${mdText(note)}**\n\n` : ''}${meta.join(' · ')}\n\n${body}`;
}

/** The Markdown conformance report of a run. */
export function renderMarkdown(results: Results): string {
  const { t, v, failed, skipped, mismatch } = overview(results);
  const out: string[] = [];

  out.push(`# Conformance report: ${v.tone === 'pass' ? ICON.passed : v.tone === 'fail' ? ICON.failed : '⚠️'} ${v.word}`);
  out.push('');
  out.push('| Run | |', '|---|---|');
  for (const [k, val] of runFacts(results)) out.push(`| ${k} | ${k === 'Host' || k === 'Seed' ? cellCode(val) : mdText(val)} |`);
  out.push('');
  out.push(`**Summary:** ${ICON.failed} ${t.failed} failed · ${ICON.passed} ${t.passed} passed · ${ICON.skipped} ${t.skipped} skipped · ${t.total} checks`);
  if (mismatch) out.push('', `> ⚠️ ${mdText(mismatch)}`);
  out.push('');
  out.push('## Operations × checks', '');
  out.push(matrixMd(results.checks));
  out.push('');
  out.push(
    'Each cell counts the checks of that operation in that check-name family (the check id after the first dot, up to its own dot or numbered word: `schema.refusal` and `error-749-both-identifiers` count as `schema` and `error`). Scenario and property families that only one operation has are counted under _other scenarios_ / _other properties_.',
  );
  out.push('');
  out.push(`## Failures (${failed.length})`, '');
  out.push(failed.length ? failed.map((c) => failedCheckMd(results, c)).join('\n\n---\n\n') : '_No check failed._');
  out.push('');
  out.push(`## Skipped (${skipped.length})`, '');
  if (skipped.length === 0) out.push('_No check was skipped._');
  for (const c of skipped) {
    out.push(`- ${ICON.skipped} ${mdCode(c.id)}: ${mdText(c.title)} (${mdCode(operationLabel(c.operation))}): ${mdText(c.skipReason ?? 'no reason recorded')}`);
  }
  out.push('');
  out.push(`## All checks (${t.total})`, '');
  out.push('<details><summary>Every check of the run</summary>', '');
  out.push('| | Check | Rule | Operation | Kind |', '|---|---|---|---|---|');
  for (const c of results.checks) {
    out.push(`| ${ICON[c.status]} | ${cellCode(c.id)} | ${mdText(c.title)} | ${cellCode(operationLabel(c.operation))} | ${c.kind} |`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}
