// Rule traceability: every check covers a documented rule, what each rule's `covers` and
// every mapping entry name exist, rule ids are stable and unique, and `npm run rules`
// (scripts/docs.ts) renders the rules page with each rule's checks and last result.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getContract } from '../../src/contract/index.ts';
import { RESPONSE_CHECKS } from '../../src/checks/index.ts';
import {
  buildCatalogue,
  describeProblems,
  isClean,
  listChecks,
  MAPPING,
  renderRulesHtml,
  renderRulesMarkdown,
  trace,
  type CheckRef,
  type Traceability,
} from '../../src/traceability/index.ts';
import { ROOT, tempDir, writeJson } from '../support/cli.ts';

const run = promisify(execFile);

describe('ci: rule traceability', function () {
  this.timeout(120_000);
  let checks: CheckRef[];
  let traced: Traceability;
  const catalogue = buildCatalogue();

  before(async () => {
    checks = await listChecks();
    traced = trace(checks);
  });

  it('lists every check of the suite without a host: the spec rules and the response checks', () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size, 'check ids are unique').to.equal(ids.length);
    for (const op of getContract().operations) for (const c of RESPONSE_CHECKS) expect(ids).to.include(`${op.prefix}.${c.name}`);
    for (const id of ['bulk-redeem.atomic-failure', 'points-update.error-749-both-identifiers', 'coupon-issue.negative_data_rejection.malformed-json']) expect(ids).to.include(id);
    for (const c of checks) expect(c.source, `${c.id} names its vendor page`).to.be.a('string').and.not.equal('');
  });

  it('builds the catalogue from the OpenAPI document with stable, unique rule ids', () => {
    const ids = catalogue.map((r) => r.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^([a-z-]+\.(situation\.[a-z-]+|code\.\d+|status\.[0-9X]+|batch-limit|response\.[a-z_]+)|page-defect\.[a-z0-9-]+)$/);
    const contract = getContract();
    for (const op of contract.operations) {
      for (const key of Object.keys(op.situations)) expect(ids).to.include(`${op.prefix}.situation.${key}`);
      for (const { code } of op.statusCodes) expect(ids).to.include(`${op.prefix}.code.${code}`);
      for (const key of op.responseKeys) expect(ids).to.include(`${op.prefix}.status.${key}`);
    }
    expect(ids).to.include('bulk-redeem.batch-limit');
    for (const d of contract.document['x-page-defects']) expect(ids).to.include(`page-defect.${d.id}`);
  });

  it('maps every check to at least one documented rule, and every mapping entry to a check and known rules', () => {
    expect(describeProblems(traced.problems)).to.deep.equal([]);
    expect(isClean(traced.problems)).to.equal(true);
    for (const c of traced.checks) expect(c.rules, c.id).to.not.be.empty;
  });

  it('fails the check when a check has no rule or an entry points at no check or no rule', () => {
    const broken = trace(
      [...checks, { id: 'bulk-redeem.brand-new-scenario', kind: 'scenario' }, { id: 'bulk-redeem.says-too-much', kind: 'scenario', covers: ['{prefix}.situation.no-such-situation'] }],
      { mapping: [...MAPPING, { checks: 'bulk-redeem.renamed-away', rules: ['{prefix}.batch-limit'] }] },
    );
    expect(broken.problems.checksWithoutRule).to.deep.equal(['bulk-redeem.brand-new-scenario', 'bulk-redeem.says-too-much']);
    expect(broken.problems.entriesWithoutCheck).to.deep.equal(['bulk-redeem.renamed-away']);
    expect(broken.problems.unknownRules).to.deep.equal([{ from: 'bulk-redeem.says-too-much', rule: 'bulk-redeem.situation.no-such-situation' }]);
    expect(isClean(broken.problems)).to.equal(false);
  });

  it('derives the coverage: situations bring their codes and statuses, the negative properties their mutators\' situations', () => {
    const rulesOf = (id: string) => traced.checks.find((c) => c.id === id)!.rules;
    expect(rulesOf('bulk-redeem.foreign-coupon')).to.include.members(['bulk-redeem.situation.foreign-coupon', 'bulk-redeem.code.703', 'bulk-redeem.code.710', 'bulk-redeem.code.723']);
    expect(rulesOf('points-update.error-748-no-metadata')).to.include.members(['points-update.situation.no-metadata', 'points-update.code.748']);
    expect(rulesOf('bulk-redeem.unknown-customer')).to.include('bulk-redeem.status.400');
    expect(rulesOf('bulk-redeem.negative_data_rejection.over-limit-list')).to.include('bulk-redeem.situation.batch-too-large');
    expect(rulesOf('coupon-issue.response_schema_conformance')).to.include('coupon-issue.response.response_schema_conformance');
    const batch = traced.rules.find((r) => r.rule.id === 'bulk-redeem.batch-limit')!;
    expect(batch.checks.map((c) => c.check)).to.include.members(['bulk-redeem.batch-limit-exceeded', 'bulk-redeem.batch-limit-exact']);
    // Uncovered rules are listed, not hidden: a fraud customer (740) is not something the suite can make.
    expect(traced.uncovered.map((r) => r.rule.id)).to.include('bulk-redeem.code.740');
    expect(traced.uncovered.length).to.be.lessThan(traced.rules.length / 4);
  });

  it('renders each rule with its checks and their last result, and the uncovered ones', () => {
    const results = {
      run: { tool: 't', version: '0', host: 'h', embedded: true, started: '2025-01-01T00:00:00Z', durationMs: 1, seed: 1, runs: 1, bulkMax: 50, allowWrites: true, requests: 1, exitCode: 0 },
      summary: { passed: 1, failed: 1, skipped: 0, total: 2 },
      checks: [
        { id: 'bulk-redeem.foreign-coupon', title: 't', operation: 'POST /v2/coupon/bulk/redeem', kind: 'scenario' as const, status: 'failed' as const, accepted: { reason: 'VEN-1' } },
        { id: 'bulk-redeem.atomic-failure', title: 't', operation: 'POST /v2/coupon/bulk/redeem', kind: 'scenario' as const, status: 'failed' as const },
        { id: 'points-update.error-748-no-metadata', title: 't', operation: 'PUT /v2/points/updateRedemption', kind: 'scenario' as const, status: 'passed' as const },
      ],
    };
    const view = { trace: traced, last: { file: 'results.json', results }, generated: '2025-01-01T00:00:00Z' };
    const html = renderRulesHtml(view);
    const row = (id: string) => html.match(new RegExp(`<tr id="${id.replaceAll('.', '\\.')}"[^>]*data-status="([^"]+)"`))?.[1];
    expect(row('bulk-redeem.situation.foreign-coupon')).to.equal('accepted');
    expect(row('bulk-redeem.situation.failed-because-of-others')).to.equal('failed');
    expect(row('points-update.situation.no-metadata')).to.equal('passed');
    expect(row('coupon-issue.situation.unknown-series')).to.equal('not run');
    expect(row('bulk-redeem.code.740')).to.equal('uncovered');
    expect(html).to.match(new RegExp(`data-rules="${traced.rules.length}" data-covered="${traced.rules.length - traced.uncovered.length}" data-uncovered="${traced.uncovered.length}"`));
    expect(html).not.to.match(/<script|<link|src="http/);
    const md = renderRulesMarkdown(view);
    expect(md).to.include('| `bulk-redeem.situation.foreign-coupon` |');
    expect(md).to.match(/## Uncovered rules \(\d+\)\n\n- `/);
  });

  it('npm run rules (scripts/docs.ts) writes rules.html and rules.md with the last run\'s results', async () => {
    const out = tempDir('conformance-docs-');
    const results = writeJson({ run: { host: 'example', started: '2025-01-01T00:00:00Z', exitCode: 0 }, summary: {}, checks: [{ id: 'bulk-redeem.atomic-failure', status: 'passed' }] }, 'results.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/docs.ts'), '--out', out, '--results', results, '--strict'], { cwd: ROOT });
    expect(stdout).to.match(new RegExp(`rules: ${traced.rules.length} documented rules, ${traced.rules.length - traced.uncovered.length} covered, ${traced.uncovered.length} uncovered; ${checks.length} checks; last run`));
    const html = readFileSync(join(out, 'rules.html'), 'utf8');
    expect(html).to.include('<section id="summary"');
    expect(html).to.match(/<tr id="bulk-redeem\.situation\.failed-because-of-others"[^>]*data-status="passed"/);
    expect(readFileSync(join(out, 'rules.md'), 'utf8')).to.include('# Documented rules and the checks that cover them');
  });
});
