// The GitHub Actions example (.github/workflows/conformance.yml): it parses, runs
// `npx conformance` with --baseline against the host in the secrets, fails on the gate's exit
// code only, and publishes the JUnit report (a check run and an artifact) even when it fails.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/cli.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[]; 'continue-on-error'?: boolean }>;
}

describe('ci: the GitHub Actions workflow', () => {
  const file = join(ROOT, '.github/workflows/conformance.yml');
  const wf = parse(readFileSync(file, 'utf8')) as Workflow;
  const job = Object.values(wf.jobs)[0];
  const steps = job.steps;
  const suite = steps.find((s) => /npx conformance\b/.test(s.run ?? ''))!;
  const after = steps.slice(steps.indexOf(suite) + 1);

  it('is a workflow with one job on ubuntu, run on a schedule and by hand', () => {
    expect(wf.name).to.be.a('string');
    expect(wf.on).to.have.keys('schedule', 'workflow_dispatch', 'pull_request');
    expect(job['runs-on']).to.match(/^ubuntu-/);
    expect(steps.map((s) => s.uses).filter(Boolean)).to.include.members(['actions/checkout@v4', 'actions/setup-node@v4']);
    expect(steps.some((s) => s.run === 'npm ci')).to.equal(true);
  });

  it('runs npx conformance with --baseline against the committed accepted baseline', () => {
    expect(suite, 'a step running npx conformance').to.not.equal(undefined);
    expect(suite.run).to.match(/npx conformance .*--baseline "\$BASELINE_FILE"/);
    expect(job.env!.BASELINE_FILE).to.match(/^conformance\/baseline\.json$/);
    expect(suite.run).to.include('--reports reports');
    expect(suite['continue-on-error'], 'the suite step decides the job').to.not.equal(true);
    expect(job['continue-on-error']).to.not.equal(true);
  });

  it('takes the host and credentials from secrets, the fixtures from a secret or a committed file', () => {
    for (const v of ['CONFORMANCE_BASE_URL', 'CONFORMANCE_USERNAME', 'CONFORMANCE_PASSWORD', 'CONFORMANCE_OAUTH_TOKEN']) {
      expect(job.env![v]).to.equal(`\${{ secrets.${v} }}`);
    }
    const fixtures = steps.find((s) => s.env?.FIXTURES_JSON)!;
    expect(fixtures.env!.FIXTURES_JSON).to.equal('${{ secrets.CONFORMANCE_FIXTURES_JSON }}');
    expect(fixtures.run).to.include('CONFORMANCE_FIXTURES=');
    expect(fixtures.run).to.include('conformance/fixtures.json');
    expect(steps.indexOf(fixtures)).to.be.lessThan(steps.indexOf(suite));
  });

  it('publishes the JUnit report with a JUnit report action (pinned by major) and as an artifact, even on failure', () => {
    const junit = after.find((s) => /junit/i.test(s.uses ?? ''))!;
    expect(junit.uses).to.match(/^mikepenz\/action-junit-report@v\d+$/);
    expect(junit.with!.report_paths).to.equal('reports/junit.xml');
    expect(junit.with!.fail_on_failure, 'the suite\'s exit code is the gate, not the report').to.equal(false);
    expect(junit.if).to.match(/always\(\)/);
    const upload = after.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.uses).to.match(/@v\d+$/);
    expect(upload.with!.path).to.equal('reports/');
    expect(upload.if).to.match(/always\(\)/);
    expect(wf.permissions).to.include({ checks: 'write' });
  });

  it('fails on regressions only: no later step turns a report into a failure', () => {
    for (const s of after) {
      expect(s.run ?? '', s.name).not.to.match(/npx conformance|exit 1/);
      if (s.with && 'fail_on_failure' in s.with) expect(s.with.fail_on_failure).to.equal(false);
    }
  });

  it('is documented in docs/ci.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
    for (const word of ['--baseline', '--write-baseline', '--deviations', 'CONFORMANCE_BASE_URL', 'CONFORMANCE_FIXTURES_JSON', 'conformance/baseline.json', 'npm run docs']) expect(doc).to.include(word);
  });
});
