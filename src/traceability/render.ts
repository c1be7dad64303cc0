// The rules page: every documented rule → the checks that cover it → the last run's result.
// rules.html is one self-contained page (inline CSS, no script, no outside resource);
// rules.md is the same as GitHub Markdown.
import type { CheckResult, Results } from '../results/types.ts';
import { RULE_KINDS, RULE_KIND_LABELS, type DocumentedRule } from './catalogue.ts';
import type { Traceability, TracedRule } from './coverage.ts';

/** A rule's (or a check's) verdict in the last run. */
export type TraceStatus = 'passed' | 'failed' | 'accepted' | 'skipped' | 'not run' | 'uncovered';

/** A check of results.json, with what the gate added (src/baseline): an accepted deviation. */
type ResultCheck = CheckResult & { accepted?: { reason: string; expires?: string } };

export interface LastRun {
  /** Where the results came from. */
  file: string;
  results: Results;
}

function checkStatus(check: ResultCheck | undefined): TraceStatus {
  if (!check) return 'not run';
  if (check.status === 'failed' && check.accepted) return 'accepted';
  return check.status;
}

/** The rule's verdict: failed if a covering check failed, then accepted, passed, skipped, not run. */
export function ruleStatus(rule: TracedRule, byId: Map<string, ResultCheck> | undefined): TraceStatus {
  if (!rule.checks.length) return 'uncovered';
  if (!byId) return 'not run';
  const statuses = rule.checks.map((c) => checkStatus(byId.get(c.check)));
  for (const s of ['failed', 'accepted', 'passed', 'skipped'] as const) if (statuses.includes(s)) return s;
  return 'not run';
}

export interface RulesView {
  trace: Traceability;
  last?: LastRun;
  generated: string;
}

interface Row {
  traced: TracedRule;
  status: TraceStatus;
  checks: { id: string; via: string; status: TraceStatus }[];
}

function rowsOf(view: RulesView): { rows: Row[]; counts: Record<TraceStatus, number> } {
  const byId = view.last ? new Map(view.last.results.checks.map((c) => [c.id, c as ResultCheck])) : undefined;
  const counts: Record<TraceStatus, number> = { passed: 0, failed: 0, accepted: 0, skipped: 0, 'not run': 0, uncovered: 0 };
  const rows = view.trace.rules.map((traced) => {
    const status = ruleStatus(traced, byId);
    counts[status] += 1;
    return { traced, status, checks: traced.checks.map((c) => ({ id: c.check, via: c.via, status: byId ? checkStatus(byId.get(c.check)) : ('not run' as TraceStatus) })) };
  });
  return { rows, counts };
}

/** Operations in catalogue order, '*' (rules of the pages as a whole) last. */
function groups(rows: Row[]): { operation: string; rows: Row[] }[] {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const key = r.traced.rule.operation;
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(r);
  }
  const kindRank = (rule: DocumentedRule) => RULE_KINDS.indexOf(rule.kind);
  return [...map.entries()]
    .sort(([a], [b]) => Number(a === '*') - Number(b === '*'))
    .map(([operation, list]) => ({ operation, rows: list.map((r, i) => ({ r, i })).sort((x, y) => kindRank(x.r.traced.rule) - kindRank(y.r.traced.rule) || x.i - y.i).map((x) => x.r) }));
}

function esc(text: string | number): string {
  return String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const SYMBOL: Record<TraceStatus, string> = { passed: '✓', failed: '✗', accepted: '≈', skipped: '↷', 'not run': '·', uncovered: '∅' };

function badge(status: TraceStatus): string {
  return `<span class="badge s-${status.replace(' ', '-')}">${SYMBOL[status]} ${esc(status)}</span>`;
}

function opLabel(operation: string): string {
  return operation === '*' ? 'The pages as a whole' : operation;
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#9a6700;--skip-bg:#fff8c5;--acc:#8250df;--acc-bg:#fbefff}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
main{max-width:1200px;margin:0 auto;padding:0 28px 40px}
header.top{background:var(--soft);border-bottom:1px solid var(--line);margin-bottom:20px}
header.top .inner{max-width:1200px;margin:0 auto;padding:22px 28px 16px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
code{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
.muted{color:var(--muted)}
.tiles{display:flex;gap:14px;flex-wrap:wrap;margin:12px 0}
.tile{flex:1 1 140px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fff}
.tile .n{font-size:28px;font-weight:700;display:block;line-height:1.1}.tile .w{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.tile.uncovered{border-color:#d4a72c;background:var(--skip-bg)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px;margin-bottom:8px}
th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}
thead th{background:var(--soft);font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
table.rules{table-layout:fixed}
td.rid code,td code{overflow-wrap:anywhere}
ul.checks{margin:0;padding-left:0;list-style:none}ul.checks li{margin:0 0 2px}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:0 7px;border-radius:4px;white-space:nowrap}
.s-passed{color:var(--pass);background:var(--pass-bg)}.s-failed{color:#fff;background:var(--fail)}.s-accepted{color:var(--acc);background:var(--acc-bg)}
.s-skipped{color:var(--skip);background:var(--skip-bg)}.s-not-run{color:var(--muted);background:var(--soft)}.s-uncovered{color:var(--skip);background:var(--skip-bg);border:1px solid #d4a72c}
tr.uncovered td{background:#fffdf0}
.kind{font-size:12px;color:var(--muted)}
.detail{font-size:13px;color:var(--muted)}
footer{max-width:1200px;margin:0 auto;padding:14px 28px 28px;font-size:12px;color:var(--muted);border-top:1px solid var(--line)}
@media print{nav{display:none}.scroll{overflow:visible}tr{break-inside:avoid}}
`;

/** rules.html: one self-contained page. */
export function renderRulesHtml(view: RulesView): string {
  const { rows, counts } = rowsOf(view);
  const total = rows.length;
  const uncovered = counts.uncovered;
  const run = view.last?.results.run;
  const tiles = [
    ['rules', total, ''],
    ['covered', total - uncovered, ''],
    ['uncovered', uncovered, 'uncovered'],
    ['checks', view.trace.checks.length, ''],
  ]
    .map(([w, n, cls]) => `<div class="tile ${cls}"><span class="n">${n}</span><span class="w">${w}</span></div>`)
    .join('');
  const lastLine = view.last
    ? `Last run: <code>${esc(view.last.file)}</code>, ${esc(run?.host ?? '')}, started ${esc(run?.started ?? '')}, exit ${esc(run?.exitCode ?? '')}. Rules: ${(['passed', 'failed', 'accepted', 'skipped', 'not run'] as const).map((s) => `${counts[s]} ${s}`).join(', ')}.`
    : 'No results.json found: run <code>npx conformance</code> first to see each rule\'s last result.';
  const sections = groups(rows)
    .map((g) => {
      const body = g.rows
        .map((r) => {
          const rule = r.traced.rule;
          const checks = r.checks.length
            ? `<ul class="checks">${r.checks.map((c) => `<li>${badge(c.status)} <code>${esc(c.id)}</code> <span class="detail">(${esc(c.via)})</span></li>`).join('')}</ul>`
            : `<span class="muted">no check${r.traced.note ? `: ${esc(r.traced.note)}` : ''}</span>`;
          return `<tr id="${esc(rule.id)}" class="${r.status === 'uncovered' ? 'uncovered' : ''}" data-status="${esc(r.status)}"><td class="rid"><code>${esc(rule.id)}</code><br><span class="kind">${esc(RULE_KIND_LABELS[rule.kind])}</span></td><td>${esc(rule.title)}${rule.detail ? `<div class="detail">${esc(rule.detail)}</div>` : ''}<div class="detail">Source: ${esc(rule.source)}</div></td><td>${checks}</td><td>${badge(r.status)}</td></tr>`;
        })
        .join('\n');
      return `<h2>${esc(opLabel(g.operation))}</h2>\n<div class="scroll"><table class="rules"><colgroup><col style="width:22%"><col style="width:36%"><col style="width:32%"><col style="width:10%"></colgroup><thead><tr><th>Rule</th><th>What the pages say</th><th>Checks</th><th>Last run</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`;
    })
    .join('\n');
  const uncoveredList = rows
    .filter((r) => r.status === 'uncovered')
    .map((r) => `<li><a href="#${esc(r.traced.rule.id)}"><code>${esc(r.traced.rule.id)}</code></a> ${esc(r.traced.rule.title)}${r.traced.note ? ` <span class="detail">(${esc(r.traced.note)})</span>` : ''}</li>`)
    .join('\n');
  const checkRows = view.trace.checks
    .map((c) => `<tr><td class="rid"><code>${esc(c.id)}</code></td><td>${esc(c.title ?? '')}<div class="detail">Source: ${esc(c.source ?? '(none)')}</div></td><td>${c.rules.map((r) => `<a href="#${esc(r)}"><code>${esc(r)}</code></a>`).join('<br>')}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Documented rules and the checks that cover them</title><style>${CSS}</style></head>
<body>
<header class="top"><div class="inner"><h1>Documented rules and the checks that cover them</h1>
<p class="muted">From <code>openapi/openapi.yaml</code> (x-situations, x-status-codes, responses, x-batch-limit, x-page-defects) and the response checks. Generated ${esc(view.generated)}.</p></div></header>
<main>
<section id="summary" data-rules="${total}" data-covered="${total - uncovered}" data-uncovered="${uncovered}" data-checks="${view.trace.checks.length}">
<div class="tiles">${tiles}</div>
<p>${lastLine}</p>
<nav><a href="#uncovered">Uncovered rules (${uncovered})</a> · <a href="#checks">Checks → rules</a></nav>
</section>
${sections}
<section id="uncovered"><h2>Uncovered rules (${uncovered})</h2>
${uncovered ? `<ul>\n${uncoveredList}\n</ul>` : '<p>Every documented rule is covered by a check.</p>'}
</section>
<section id="checks"><h2>Checks → rules (${view.trace.checks.length})</h2>
<div class="scroll"><table><thead><tr><th>Check</th><th>Rule as stated, and its source</th><th>Documented rules covered</th></tr></thead><tbody>
${checkRows}
</tbody></table></div>
</section>
</main>
<footer>Rule ids: <code>&lt;prefix&gt;.situation.&lt;key&gt;</code>, <code>&lt;prefix&gt;.code.&lt;code&gt;</code>, <code>&lt;prefix&gt;.status.&lt;status&gt;</code>, <code>&lt;prefix&gt;.batch-limit</code>, <code>&lt;prefix&gt;.response.&lt;check&gt;</code>, <code>page-defect.&lt;id&gt;</code>. Mapping: src/traceability/.</footer>
</body></html>
`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const MD_SYMBOL: Record<TraceStatus, string> = { passed: '✅ passed', failed: '❌ failed', accepted: '🟣 accepted', skipped: '⏭️ skipped', 'not run': '· not run', uncovered: '⚠️ uncovered' };

/** rules.md: the same, as GitHub Markdown. */
export function renderRulesMarkdown(view: RulesView): string {
  const { rows, counts } = rowsOf(view);
  const out: string[] = [];
  out.push('# Documented rules and the checks that cover them', '');
  out.push(`${rows.length} rules, ${rows.length - counts.uncovered} covered, ${counts.uncovered} uncovered; ${view.trace.checks.length} checks. Generated ${view.generated}.`, '');
  if (view.last) {
    const run = view.last.results.run;
    out.push(`Last run: \`${view.last.file}\`, ${md(run.host)}, started ${run.started}, exit ${run.exitCode}. Rules: ${(['passed', 'failed', 'accepted', 'skipped', 'not run'] as const).map((s) => `${counts[s]} ${s}`).join(', ')}.`, '');
  } else {
    out.push('No results.json found: run `npx conformance` first to see each rule\'s last result.', '');
  }
  for (const g of groups(rows)) {
    out.push(`## ${opLabel(g.operation)}`, '', '| Rule | What the pages say | Checks | Last run |', '|---|---|---|---|');
    for (const r of g.rows) {
      const rule = r.traced.rule;
      const checks = r.checks.length ? r.checks.map((c) => `\`${c.id}\` (${c.status})`).join('<br>') : `none${r.traced.note ? `: ${md(r.traced.note)}` : ''}`;
      out.push(`| \`${rule.id}\` | ${md(rule.title)}${rule.detail ? ` (${md(rule.detail)})` : ''} | ${checks} | ${MD_SYMBOL[r.status]} |`);
    }
    out.push('');
  }
  out.push(`## Uncovered rules (${counts.uncovered})`, '');
  for (const r of rows.filter((x) => x.status === 'uncovered')) out.push(`- \`${r.traced.rule.id}\`: ${md(r.traced.rule.title)}${r.traced.note ? ` (${md(r.traced.note)})` : ''}`);
  if (!counts.uncovered) out.push('Every documented rule is covered by a check.');
  out.push('', `## Checks → rules (${view.trace.checks.length})`, '', '| Check | Source | Rules |', '|---|---|---|');
  for (const c of view.trace.checks) out.push(`| \`${c.id}\` | ${md(c.source ?? '')} | ${c.rules.map((r) => `\`${r}\``).join(', ')} |`);
  out.push('');
  return out.join('\n');
}
