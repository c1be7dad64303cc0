// report.html: one self-contained page a person reads (vendor regression check, spec review).
// No external script, style, font or image: inline CSS, system fonts, works offline and prints
// cleanly. Everything is in the markup; the one tiny inline script only filters the list of
// checks. All text goes through `esc` (a hostile host's body can contain `<script>` or
// `</pre>`), and a Content-Security-Policy allows no script but that one (by hash) and no
// outside resource at all, so a missed escape still could not run or load anything.
import { createHash } from 'node:crypto';
import type { CheckResult, CheckStatus, Failure, Results } from '../results/types.ts';
import {
  gateNote,
  failuresOf,
  matrix,
  operationLabel,
  responseLine,
  runFacts,
  overview,
  tally,
  formatDuration,
  type Cell,
} from './model.ts';

/** Text or attribute value made inert: `& < > " '`. */
export function esc(text: string | number): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** An element id for a check: its id with anything outside [A-Za-z0-9_.-] spelled out. */
export function anchorOf(checkId: string): string {
  return `check-${checkId.replace(/[^A-Za-z0-9_.-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}_`)}`;
}

const SYMBOL: Record<CheckStatus, string> = { passed: '✓', failed: '✗', skipped: '↷' };
const WORD: Record<CheckStatus, string> = { passed: 'passed', failed: 'failed', skipped: 'skipped' };

function statusBadge(status: CheckStatus): string {
  return `<span class="badge ${status}">${SYMBOL[status]} ${WORD[status]}</span>`;
}

function pills(t: { passed: number; failed: number; skipped: number }): string {
  const out: string[] = [];
  for (const s of ['failed', 'passed', 'skipped'] as const) {
    if (t[s] > 0) out.push(`<span class="pill ${s}" title="${t[s]} ${WORD[s]}">${SYMBOL[s]}&#8202;${t[s]}</span>`);
  }
  return out.join(' ');
}

function cellHtml(cell: Cell | undefined): string {
  if (!cell) return '<td class="cell empty" aria-label="no check">·</td>';
  const title = cell.ids.join('\n');
  const firstFailed = cell.status === 'failed' ? cell.ids[0] : undefined;
  const inner = pills(cell);
  const content = firstFailed ? `<a href="#fail-${esc(anchorOf(firstFailed))}">${inner}</a>` : inner;
  return `<td class="cell ${cell.status}" title="${esc(title)}">${content}</td>`;
}

function renderMatrix(checks: readonly CheckResult[]): string {
  const m = matrix(checks);
  if (m.rows.length === 0) return '<p class="muted">No checks ran.</p>';
  // Long family names break after their separators (response_<wbr>schema_<wbr>conformance), not mid-word.
  const head = m.columns
    .map((c) =>
      c.catchAll
        ? `<th scope="col" class="fam other">${esc(c.key)}</th>`
        : `<th scope="col" class="fam">${esc(c.key).replace(/([_.-])/g, '$1<wbr>')}</th>`,
    )
    .join('');
  const body = m.rows
    .map((row) => {
      const cells = m.families.map((f) => cellHtml(row.cells.get(f))).join('');
      return `<tr><th scope="row" class="op"><code>${esc(row.label)}</code></th><td class="cell total">${pills(row.total)}</td>${cells}</tr>`;
    })
    .join('\n');
  const totals = tally(checks);
  return `<div class="scroll"><table class="matrix">
<thead><tr><th scope="col" class="corner">Operation \\ check</th><th scope="col" class="fam total">all checks</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
<tfoot><tr><th scope="row">all operations</th><td class="cell total">${pills(totals)}</td>${m.families.map((f) => `<td class="cell total">${pills(m.familyTotals.get(f)!)}</td>`).join('')}</tr></tfoot>
</table></div>
<p class="legend muted"><span class="pill failed">✗ failed</span> <span class="pill passed">✓ passed</span> <span class="pill skipped">↷ skipped</span> Each cell counts the checks of that operation in that check-name family (the check id after the first dot, up to its own dot or numbered word: <code>schema.refusal</code> and <code>error-749-both-identifiers</code> count as <code>schema</code> and <code>error</code>). Scenario and property families that only one operation has are counted under <i>other scenarios</i> / <i>other properties</i>. Hover a cell for its check ids; a failed cell links to its first failure.</p>`;
}

function pre(text: string, cls: string): string {
  return `<pre class="${cls}">${esc(text)}</pre>`;
}

function failureHtml(f: Failure, index: number, count: number, checkOperation: string): string {
  const parts: string[] = [];
  parts.push(`<div class="instance">`);
  const n = count > 1 ? `<span class="muted">${index + 1} of ${count}:</span> ` : '';
  parts.push(`<p class="ftitle">${n}${esc(f.title)}</p>`);
  parts.push(`<dl class="rd">
<dt>Received</dt><dd>${esc(f.received)}</dd>
<dt>Documented</dt><dd>${esc(f.documented)}</dd>
${f.operation && f.operation !== checkOperation ? `<dt>Operation</dt><dd><code>${esc(f.operation)}</code></dd>` : ''}
</dl>`);
  if (f.details?.length) parts.push(`<ul class="details">${f.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>`);
  if (f.curl) parts.push(`<h4>Request <span class="muted">(replay with curl)</span></h4>${pre(f.curl, 'curl')}`);
  if (f.response) {
    parts.push(`<h4>Response <span class="muted">${esc(responseLine(f.response))}</span></h4>`);
    parts.push(f.response.body ? pre(f.response.body, 'body') : '<p class="muted">(empty body)</p>');
  }
  if (f.seed !== undefined || f.path !== undefined || f.counterexample !== undefined) {
    parts.push(`<h4>Property <span class="muted">(fast-check)</span></h4><dl class="prop">`);
    if (f.seed !== undefined) parts.push(`<dt>Seed</dt><dd><code>${esc(f.seed)}</code></dd>`);
    if (f.path !== undefined) parts.push(`<dt>Path</dt><dd><code>${esc(f.path)}</code></dd>`);
    parts.push(`</dl>`);
    if (f.counterexample !== undefined) parts.push(`<p class="label">Counterexample (shrunk)</p>${pre(f.counterexample, 'cx')}`);
  }
  parts.push(`</div>`);
  return parts.join('\n');
}

function failedCheckHtml(results: Results, check: CheckResult): string {
  const note = gateNote(results, check);
  const failures = failuresOf(check);
  const meta = [`<code>${esc(operationLabel(check.operation))}</code>`, esc(check.kind)];
  if (check.applied !== undefined) meta.push(`applied to ${esc(check.applied)}`);
  if (check.durationMs !== undefined) meta.push(esc(formatDuration(check.durationMs)));
  return `<article class="failure" id="fail-${esc(anchorOf(check.id))}">
<header><span class="badge failed">✗ failed</span> <code class="id">${esc(check.id)}</code></header>
<h3>${esc(check.title)}</h3>
${note ? `<p class="gate-note"><strong>${esc(note)}</strong></p>\n` : ''}<p class="meta">${meta.join(' · ')}${check.source ? `<br>Source: ${esc(check.source)}` : ''}</p>
${failures.length ? failures.map((f, i) => failureHtml(f, i, failures.length, check.operation)).join('\n') : '<p class="muted">The check failed without a recorded failure.</p>'}
</article>`;
}

function skippedHtml(skipped: CheckResult[]): string {
  if (skipped.length === 0) return '<p class="muted">No check was skipped.</p>';
  const rows = skipped
    .map(
      (c) =>
        `<tr id="skip-${esc(anchorOf(c.id))}"><td><code class="id">${esc(c.id)}</code></td><td>${esc(c.title)}</td><td><code>${esc(operationLabel(c.operation))}</code></td><td>${esc(c.skipReason ?? 'no reason recorded')}</td></tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table class="list"><thead><tr><th>Check</th><th>Rule</th><th>Operation</th><th>Why skipped</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function allChecksHtml(checks: readonly CheckResult[]): string {
  const rows = checks
    .map((c) => {
      const id =
        c.status === 'failed'
          ? `<a href="#fail-${esc(anchorOf(c.id))}"><code class="id">${esc(c.id)}</code></a>`
          : `<code class="id">${esc(c.id)}</code>`;
      return `<tr data-status="${c.status}"><td>${statusBadge(c.status)}</td><td>${id}</td><td>${esc(c.title)}</td><td><code>${esc(operationLabel(c.operation))}</code></td><td>${esc(c.kind)}</td><td class="num">${c.applied ?? ''}</td><td class="num">${c.durationMs === undefined ? '' : esc(formatDuration(c.durationMs))}</td></tr>`;
    })
    .join('\n');
  return `<div class="filters" id="filters" hidden>
<button type="button" data-filter="all" aria-pressed="true">All</button><button type="button" data-filter="failed" aria-pressed="false">Failed</button><button type="button" data-filter="skipped" aria-pressed="false">Skipped</button><button type="button" data-filter="passed" aria-pressed="false">Passed</button>
<input type="search" placeholder="Filter by id, rule or operation" aria-label="Filter checks"> <span class="muted" id="shown"></span>
</div>
<div class="scroll"><table class="list" id="checks"><thead><tr><th>Status</th><th>Check</th><th>Rule</th><th>Operation</th><th>Kind</th><th class="num">Applied</th><th class="num">Time</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

// Filters the list of checks; the page reads fully without it (the controls stay hidden).
const SCRIPT = `(function(){var t=document.getElementById('checks'),f=document.getElementById('filters');if(!t||!f)return;f.hidden=false;var q=f.querySelector('input'),out=document.getElementById('shown'),cur='all',rows=t.tBodies[0].rows;function apply(){var s=q.value.toLowerCase(),n=0;for(var i=0;i<rows.length;i++){var r=rows[i],ok=(cur==='all'||r.getAttribute('data-status')===cur)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);r.hidden=!ok;if(ok)n++;}out.textContent=n+' of '+rows.length+' shown';}f.addEventListener('click',function(e){var b=e.target.closest('button');if(!b)return;cur=b.getAttribute('data-filter');var bs=f.querySelectorAll('button');for(var i=0;i<bs.length;i++)bs[i].setAttribute('aria-pressed',String(bs[i]===b));apply();});q.addEventListener('input',apply);apply();})();`;

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#7d4e00;--skip-bg:#fff8c5;--accent:#0969da}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:0 28px 48px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:13px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
h2{font-size:20px;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h2 .count{color:var(--muted);font-weight:normal}
h3{font-size:16px;margin:6px 0 2px}
h4{font-size:13px;margin:14px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
h4 .muted{text-transform:none;letter-spacing:0;font-weight:normal}
.muted{color:var(--muted)}
.top{background:var(--soft);border-bottom:1px solid var(--line);margin-bottom:24px}
.top .inner{max-width:1200px;margin:0 auto;padding:24px 28px 18px}
.top h1{font-size:26px;margin:0 0 2px;display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.host{font-size:15px;color:var(--muted);margin:0 0 16px;word-break:break-all}
.verdict{font-size:13px;font-weight:600;padding:3px 10px;border-radius:999px;border:1px solid}
.verdict.pass{color:var(--pass);background:var(--pass-bg);border-color:#4ac26b}
.verdict.fail{color:var(--fail);background:var(--fail-bg);border-color:#ff8182}
.verdict.warn{color:var(--skip);background:var(--skip-bg);border-color:#d4a72c}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px 24px;margin:0}
.facts div{min-width:0}.facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
nav.toc{font-size:14px;margin:0 0 8px}nav.toc a{margin-right:18px}
#summary .tiles{display:flex;gap:14px;flex-wrap:wrap}
.tile{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:#fff}
.tile .n{font-size:32px;font-weight:700;line-height:1.1;display:block}
.tile .w{font-size:13px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.tile.failed{border-color:#ff8182;background:var(--fail-bg)}.tile.failed .n{color:var(--fail)}
.tile.passed{border-color:#4ac26b;background:var(--pass-bg)}.tile.passed .n{color:var(--pass)}
.tile.skipped{border-color:#d4a72c;background:var(--skip-bg)}.tile.skipped .n{color:var(--skip)}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin:14px 0 4px;background:var(--line)}
.bar span{display:block;height:100%}.bar .failed{background:var(--fail)}.bar .passed{background:var(--pass)}.bar .skipped{background:#d4a72c}
.warning{border:1px solid #d4a72c;background:var(--skip-bg);padding:8px 12px;border-radius:6px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid var(--line);padding:6px 8px;vertical-align:top;text-align:left}
thead th{background:var(--soft);font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.matrix{width:auto;min-width:60%}
.matrix th,.matrix td{padding:5px 6px}
.matrix th.fam{text-transform:none;letter-spacing:0;font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11.5px;color:var(--fg);vertical-align:bottom;text-align:center;max-width:104px}
.matrix th.op,.matrix .corner,.matrix tfoot th{white-space:nowrap;background:#fff;position:sticky;left:0;z-index:1}
.matrix thead .corner{background:var(--soft)}
.matrix th.fam.other{font-family:inherit;font-style:italic;font-size:12px;color:var(--muted)}
.matrix .corner{color:var(--muted)}
.matrix td.cell{text-align:center;white-space:nowrap;min-width:44px}
.matrix td.cell.failed{background:var(--fail-bg)}.matrix td.cell.passed{background:#f0fbf3}.matrix td.cell.skipped{background:#fffbe6}
.matrix td.empty{color:#b6bec7}.matrix td.total{background:var(--soft)}
.matrix tfoot th,.matrix tfoot td{border-top:2px solid var(--line);font-weight:600}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:0 7px;border-radius:999px;line-height:20px}
.pill.passed{color:var(--pass);background:var(--pass-bg)}.pill.failed{color:#fff;background:var(--fail)}.pill.skipped{color:var(--skip);background:var(--skip-bg)}
.legend{font-size:13px;margin-top:8px}
.gate-note{margin:4px 0;padding:4px 8px;border-left:3px solid var(--skip);background:var(--skip-bg)}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:4px;white-space:nowrap}
.badge.passed{color:var(--pass);background:var(--pass-bg)}.badge.failed{color:#fff;background:var(--fail)}.badge.skipped{color:var(--skip);background:var(--skip-bg)}
code.id{font-weight:600}
.failure{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;padding:12px 18px 14px;margin:0 0 18px;break-inside:avoid-page}
.failure header{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.failure .meta{font-size:13px;color:var(--muted);margin:2px 0 8px}
.instance{border-top:1px dashed var(--line);padding-top:8px;margin-top:8px}
.ftitle{font-weight:600;margin:0 0 6px}
dl.rd{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0;font-size:14px}
dl.rd dt{font-weight:600;color:var(--muted)}dl.rd dd{margin:0;overflow-wrap:anywhere}
dl.prop{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:14px}dl.prop dt{color:var(--muted)}dl.prop dd{margin:0}
.label{font-size:13px;color:var(--muted);margin:8px 0 4px}
ul.details{margin:8px 0 0;padding-left:20px;font-size:14px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:26em;overflow:auto}
pre.curl{background:#0d1117;color:#e6edf3;border-color:#0d1117}
table.list td.num,table.list th.num{text-align:right;white-space:nowrap}
table.list td code:not(.id){white-space:nowrap}
table.list tr[data-status="failed"] td{background:#fff6f5}
.filters{margin:0 0 10px;display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.filters button{font:inherit;font-size:13px;padding:3px 12px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
.filters button[aria-pressed="true"]{background:var(--fg);color:#fff;border-color:var(--fg)}
.filters input{font:inherit;font-size:13px;padding:3px 8px;border:1px solid var(--line);border-radius:6px;min-width:260px;margin-left:8px}
footer{max-width:1200px;margin:0 auto;padding:16px 28px 32px;font-size:12px;color:var(--muted);border-top:1px solid var(--line)}
@media print{
  body{font-size:11pt}main,.top .inner,footer{max-width:none;padding-left:0;padding-right:0}
  .top{background:none;border-bottom:2px solid var(--fg)}
  nav.toc,.filters{display:none!important}
  pre{max-height:none;overflow:visible}
  .scroll{overflow:visible}
  .matrix{font-size:9pt}.matrix th.op,.matrix .corner,.matrix tfoot th{position:static}
  h2{break-after:avoid}.instance,.tile,tr{break-inside:avoid}
  a{color:inherit}
  table.list tr[hidden]{display:table-row!important}
}
@page{margin:14mm}
`;

/** The HTML report of a run: one self-contained page. */
export function renderHtml(results: Results): string {
  const { run, t, v, failed, skipped, mismatch } = overview(results);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const pct = (n: number) => (t.total ? ((100 * n) / t.total).toFixed(2) : '0');

  const facts = runFacts(results)
    .filter(([k]) => k !== 'Host')
    .map(([k, val]) => `<div><dt>${esc(k)}</dt><dd>${esc(val)}</dd></div>`)
    .join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(`${v.word}: ${run.host}: conformance report`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="inner">
<h1>Conformance report <span class="verdict ${v.tone}">${esc(v.word)}</span></h1>
<p class="host">${esc(run.host)}</p>
<dl class="facts">${facts}</dl>
</div></header>
<main>
<nav class="toc"><a href="#summary">Summary</a><a href="#matrix">Matrix</a><a href="#failures">Failures (${failed.length})</a><a href="#skipped">Skipped (${skipped.length})</a><a href="#all-checks">All checks (${t.total})</a></nav>

<section id="summary" data-passed="${t.passed}" data-failed="${t.failed}" data-skipped="${t.skipped}" data-total="${t.total}">
<h2>Summary</h2>
<div class="tiles">
<div class="tile failed"><span class="n">${t.failed}</span><span class="w">failed</span></div>
<div class="tile passed"><span class="n">${t.passed}</span><span class="w">passed</span></div>
<div class="tile skipped"><span class="n">${t.skipped}</span><span class="w">skipped</span></div>
<div class="tile"><span class="n">${t.total}</span><span class="w">checks</span></div>
</div>
<div class="bar" role="img" aria-label="${t.failed} failed, ${t.passed} passed, ${t.skipped} skipped"><span class="failed" style="width:${pct(t.failed)}%"></span><span class="passed" style="width:${pct(t.passed)}%"></span><span class="skipped" style="width:${pct(t.skipped)}%"></span></div>
<p class="muted">${t.failed} failed, ${t.passed} passed, ${t.skipped} skipped of ${t.total} checks; ${esc(run.requests)} requests sent in ${esc(formatDuration(run.durationMs))}.</p>
${mismatch ? `<p class="warning">${esc(mismatch)}</p>` : ''}
</section>

<section id="matrix">
<h2>Operations × checks</h2>
${renderMatrix(results.checks)}
</section>

<section id="failures">
<h2>Failures <span class="count">(${failed.length})</span></h2>
${failed.length ? failed.map((c) => failedCheckHtml(results, c)).join('\n') : '<p class="muted">No check failed.</p>'}
</section>

<section id="skipped">
<h2>Skipped <span class="count">(${skipped.length})</span></h2>
${skippedHtml(skipped)}
</section>

<section id="all-checks">
<h2>All checks <span class="count">(${t.total})</span></h2>
${allChecksHtml(results.checks)}
</section>
</main>
<footer>${esc(`${run.tool} ${run.version}`)} · rendered from results.json · a self-contained page: no script, style, font or image is loaded from anywhere.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
