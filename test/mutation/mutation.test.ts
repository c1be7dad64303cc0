// The suite's own mutation score: the default suite against the clean reference host
// (no false failure) and against every fault of its catalogue (each caught by its expected
// checks, or a clean pass where the table says the behaviour conforms).
import { expect } from 'chai';
import { FAULT_NAMES } from '../../simulator/index.ts';
import { EXPECTED } from './expected.ts';
import { renderMarkdown, runMutation, type MutationReport } from './run.ts';

describe('mutation: the suite against the reference host fault catalogue', function () {
  this.timeout(600_000);
  let report: MutationReport;
  before(async () => {
    report = await runMutation();
    process.stdout.write(`\n${renderMarkdown(report)}\n\n`);
  });

  it('every fault of the catalogue has an entry in the expected-catchers table', () => {
    expect(FAULT_NAMES.filter((f) => !(f in EXPECTED))).to.deep.equal([]);
    expect(Object.keys(EXPECTED).filter((f) => !FAULT_NAMES.includes(f as never))).to.deep.equal([]);
  });

  it('the clean host fails no check (no false failure)', () => {
    const clean = report.runs.find((r) => r.fault === 'clean')!;
    expect(clean.failed).to.deep.equal([]);
    expect(clean.exitCode).to.equal(0);
  });

  it('every fault is caught by its expected checks, or passes cleanly where the table says so', () => {
    const wrong = report.runs.filter((r) => !r.asExpected).map((r) => `${r.fault}: exit ${r.exitCode}, missed [${r.missed}], failed [${r.failed}]${r.error ? ` ${r.error}` : ''}`);
    expect(wrong).to.deep.equal([]);
    expect(report.score.percent).to.equal(100);
  });
});
