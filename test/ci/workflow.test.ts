// The GitHub Actions example (.github/workflows/conformance.yml): it parses, runs
// `npx conformance` with --baseline against the host in the secrets, fails on the gate's exit
// code only, and publishes the JUnit report (a check run and an artifact) even when it fails.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parse } from 'js-yaml';
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
  jobs: Record<string, {
    'runs-on': string; env?: Record<string, string>; steps: Step[]; 'continue-on-error'?: boolean;
    strategy?: { 'fail-fast'?: boolean; matrix: { cluster: Cluster[] } };
    concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  }>;
}
interface Cluster {
  name: string;
  secrets: string;
  fixtures: string;
  baseline: string;
  max_rpm: number;
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
    expect(job.env!.BASELINE_FILE).to.equal('${{ matrix.cluster.baseline }}');
    expect(suite.run).to.include('--reports reports');
    expect(suite['continue-on-error'], 'the suite step decides the job').to.not.equal(true);
    expect(job['continue-on-error']).to.not.equal(true);
  });

  it('one job per vendor cluster (a matrix): each its own secrets, fixtures, baseline, rate budget and concurrency group', () => {
    const clusters = job.strategy!.matrix.cluster;
    expect(clusters.length).to.be.greaterThan(1);
    expect(job.strategy!['fail-fast'], 'one failing cluster does not cancel the others').to.equal(false);
    for (const key of ['name', 'secrets', 'fixtures', 'baseline'] as const) {
      expect(new Set(clusters.map((c) => c[key])).size, `distinct ${key}`).to.equal(clusters.length);
    }
    for (const c of clusters) {
      expect(c.fixtures).to.match(/^conformance\/fixtures\.[a-z]+\.json$/);
      expect(c.baseline).to.match(/^conformance\/baseline\.[a-z]+\.json$/);
      expect(c.max_rpm).to.be.a('number').and.to.be.greaterThan(0);
    }
    expect(job.env!.CONFORMANCE_MAX_RPM).to.equal('${{ matrix.cluster.max_rpm }}');
    expect(job.concurrency!.group).to.include('${{ matrix.cluster.name }}');
    expect(wf).to.not.have.property('concurrency');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(String(upload.with!.name)).to.include('${{ matrix.cluster.name }}');
  });

  it('takes the host and credentials from the cluster\'s secrets, the fixtures from a secret or its committed file', () => {
    for (const v of ['BASE_URL', 'USERNAME', 'PASSWORD', 'OAUTH_TOKEN', 'OAUTH_KEY', 'OAUTH_SECRET']) {
      expect(job.env![`CONFORMANCE_${v}`]).to.equal(`\${{ secrets[format('CONFORMANCE_{0}_${v}', matrix.cluster.secrets)] }}`);
    }
    const fixtures = steps.find((s) => s.env?.FIXTURES_JSON)!;
    expect(fixtures.env!.FIXTURES_JSON).to.equal("${{ secrets[format('CONFORMANCE_{0}_FIXTURES_JSON', matrix.cluster.secrets)] }}");
    expect(fixtures.run).to.include('CONFORMANCE_FIXTURES=');
    expect(fixtures.run).to.include('$DEFAULT_FIXTURES');
    expect(job.env!.DEFAULT_FIXTURES).to.equal('${{ matrix.cluster.fixtures }}');
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
    for (const word of ['--baseline', '--write-baseline', '--deviations', 'CONFORMANCE_<CLUSTER>_BASE_URL', 'CONFORMANCE_<CLUSTER>_FIXTURES_JSON', 'conformance/baseline.<cluster>.json', 'GITHUB_STEP_SUMMARY', 'matrix', 'npm run docs']) expect(doc).to.include(word);
  });

  it('leaves the job summary to the suite (it appends the matrix itself): no step copies a report into it', () => {
    for (const s of steps) expect(s.run ?? '', s.name).to.not.include('GITHUB_STEP_SUMMARY');
  });
});
