// The GitHub job summary: with GITHUB_STEP_SUMMARY set, writeReports appends the matrix with
// the failed rules first; without it, nothing is written. Redacted like every report.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendStepSummary, renderStepSummary, writeReports } from '../../src/report/index.ts';
import { CANARY, fixtureResults, redact } from './fixture.ts';

describe('reports: GitHub job summary (GITHUB_STEP_SUMMARY)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'step-summary-'));
  const saved = process.env.GITHUB_STEP_SUMMARY;
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
  });

  it('writeReports appends it when GITHUB_STEP_SUMMARY is set, keeping what the file had', async () => {
    const file = join(dir, 'summary-1.md');
    writeFileSync(file, '# earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await writeReports(fixtureResults(), join(dir, 'reports-1'), redact);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# earlier step\n')).to.equal(true);
    expect(text).to.include('### Operations × checks');
    expect(text).to.not.include(CANARY);
  });

  it('lists every failed rule, before the matrix; a passing run says no rule failed', () => {
    const results = fixtureResults();
    const md = renderStepSummary(results);
    const failed = results.checks.filter((c) => c.status === 'failed');
    expect(failed.length).to.be.greaterThan(0);
    const matrixAt = md.indexOf('### Operations × checks');
    expect(md.indexOf(`### Failed rules (${failed.length})`)).to.be.within(0, matrixAt);
    for (const c of failed) expect(md.indexOf(`\`${c.id}\``), c.id).to.be.within(0, matrixAt);
    expect(md).to.match(/\| Operation \| all checks \|/);
    const passing = { ...results, run: { ...results.run, exitCode: 0 }, checks: results.checks.filter((c) => c.status !== 'failed') };
    expect(renderStepSummary(passing)).to.include('_No rule failed._').and.to.include('Conforms');
  });

  it('stays under its size budget, saying how many failures it left out', () => {
    const results = fixtureResults();
    const one = results.checks.find((c) => c.status === 'failed')!;
    const many = { ...results, checks: Array.from({ length: 3000 }, (_, i) => ({ ...one, id: `${one.id}-${i}` })) };
    const md = renderStepSummary(many, 64 * 1024);
    expect(Buffer.byteLength(md)).to.be.lessThan(64 * 1024);
    expect(md).to.match(/… and \d+ more failed rules/);
  });

  it('writes nothing when GITHUB_STEP_SUMMARY is unset', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(await appendStepSummary(fixtureResults(), redact)).to.equal(null);
    const file = join(dir, 'summary-never.md');
    expect(await appendStepSummary(fixtureResults(), redact, { GITHUB_STEP_SUMMARY: '' })).to.equal(null);
    expect(existsSync(file)).to.equal(false);
  });
});
