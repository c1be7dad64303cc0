// The properties end to end, as a user runs them (the CLI): they pass against the clean
// reference host; against a host with a fault they fail (exit 1) with a reproducible,
// minimal counterexample (seed, path, the shrunk request as JSON, its curl); the same seed
// sends the same requests.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import type { CheckResult, Failure } from '../../src/results/types.ts';
import { runCli, writeJson, type CliRun } from '../support/cli.ts';
import { MUTATORS } from '../../generators/mutators.ts';
import { operationInfo, type OperationId } from '../../src/contract/index.ts';

const PROPERTIES = 'positive_data_acceptance|negative_data_rejection';
const PREFIXES = ['coupon-issue', 'bulk-redeem', 'coupon-update', 'points-update'];
const SEED = '424242';

function hostArgs(sim: Simulator, extra: string[]): string[] {
  return ['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), '--seed', SEED, ...extra];
}

function check(run: CliRun, id: string): CheckResult {
  const found = run.results?.checks.find((c) => c.id === id);
  expect(found, `${id} in ${run.stdout}`).to.not.equal(undefined);
  return found!;
}

/** The failure of a property: reproducible (seed, path, the request as JSON, its curl). */
function reproducibleFailure(run: CliRun, id: string, path: string): { failure: Failure; request: { query?: Record<string, string>; body?: Record<string, unknown>; rawBody?: string } } {
  expect(run.code, run.stdout + run.stderr).to.equal(1);
  const c = check(run, id);
  expect(c.status).to.equal('failed');
  expect(c.kind).to.equal('property');
  const failure = c.failure!;
  expect(failure.seed).to.equal(Number(SEED));
  expect(failure.path).to.match(/^\d+(:\d+)*$/);
  expect(failure.curl).to.match(new RegExp(`^curl .*${path.replace(/\//g, '\\/')}`));
  expect(run.stdout).to.include(`Seed: ${SEED}`);
  expect(run.stdout).to.include('Counterexample: ');
  return { failure, request: JSON.parse(failure.counterexample!) };
}

/**
 * A request's curl with what differs between two hosts masked: the port, and the coupon codes
 * each host issues (also one cut short at the end of a malformed-json body). Which code the
 * host issues to which of several concurrent issue requests depends on their order of arrival.
 */
function normalizedRequests(run: CliRun): string[] {
  return run.reports['requests.jsonl']
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { curl: string }).curl.replace(/127\.0\.0\.1:\d+/g, 'HOST').replace(/"code":"[A-HJ-NP-Z2-9]{8}"/g, '"code":"CODE"').replace(/"code":"[A-HJ-NP-Z2-9]{1,8}(?='$)/, '"code":"CODE'));
}

const OPERATION_PATHS: Record<string, string> = {
  'coupon-issue': '/v2/coupon/issue',
  'bulk-redeem': '/v2/coupon/bulk/redeem',
  'coupon-update': '/v2/coupon/redeem',
  'points-update': '/v2/points/updateRedemption',
};
const POINTS_NEGATIVE = 'points-update\\].*negative_data_rejection';
/** The negative rules of an operation: one per mutator. */
const negativeIds = (prefix: string) =>
  (Object.keys(MUTATORS) as OperationId[]).filter((op) => operationInfo(op).prefix === prefix).flatMap((op) => MUTATORS[op].map((m) => `${prefix}.negative_data_rejection.${m.name}`));
const BULK_PROPERTIES = 'bulk-redeem\\].*(positive_data_acceptance|negative_data_rejection)';

describe('properties: positive_data_acceptance and negative_data_rejection through the CLI', function () {
  this.timeout(120_000);
  const sims: Simulator[] = [];
  /** The CLI's properties against a reference host with one fault (a host of its own per run). */
  const against = async (fault: string, grep: string, extra: string[] = []) => {
    const sim = await startSimulator({ faults: [fault] });
    sims.push(sim);
    return { sim, run: await runCli(hostArgs(sim, ['--grep', grep, ...extra])) };
  };
  let clean: CliRun[];
  let malformed: { sim: Simulator; run: CliRun };
  let both: { sim: Simulator; run: CliRun }[];
  let wrongCode: { sim: Simulator; run: CliRun };
  let noLimit: { sim: Simulator; run: CliRun };
  let truncated: { sim: Simulator; run: CliRun };
  let hang: { sim: Simulator; run: CliRun };

  // Every run is its own process against its own host: all at once, to keep the suite fast.
  before(async () => {
    [clean, malformed, both, wrongCode, noLimit, truncated, hang] = await Promise.all([
      Promise.all([runCli(['--grep', PROPERTIES, '--seed', SEED]), runCli(['--grep', PROPERTIES, '--seed', SEED])]),
      against('malformed-500', 'negative_data_rejection'),
      Promise.all([against('points-both-identifiers', POINTS_NEGATIVE), against('points-both-identifiers', POINTS_NEGATIVE)]),
      against('points-wrong-code', POINTS_NEGATIVE),
      against('bulk-limit-missing', 'bulk-redeem\\].*negative_data_rejection'),
      against('truncated-json', BULK_PROPERTIES),
      against('hang', BULK_PROPERTIES, ['--timeout', '500']),
    ]);
  });
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
  });

  describe('against the clean reference host', () => {
    it('passes every property of every operation (exit 0)', () => {
      const [run] = clean;
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      for (const prefix of PREFIXES) {
        expect(negativeIds(prefix).length, prefix).to.be.greaterThan(4);
        for (const id of [`${prefix}.positive_data_acceptance`, ...negativeIds(prefix)]) {
          const c = check(run, id);
          expect(c.status, `${c.id}: ${JSON.stringify(c.failure)}`).to.equal('passed');
          expect(c.kind).to.equal('property');
        }
      }
      expect(run.results!.run.seed).to.equal(Number(SEED));
    });

    it('stays within its request budget', () => {
      // README (property-based checks): about 200 requests with the default runs (52 of them the bulk redeem pool).
      expect(clean[0].results!.run.requests).to.be.within(150, 260);
    });

    it('sends the same requests for the same seed (in any order: independent runs go several at a time)', () => {
      expect(clean[1].code).to.equal(0);
      const [first, second] = clean.map((run) => normalizedRequests(run));
      expect(second).to.have.length(first.length);
      expect([...second].sort()).to.deep.equal([...first].sort());
    });
  });

  it('malformed-500: every negative property fails, shrunk to the body "{"', () => {
    for (const prefix of PREFIXES) {
      const { failure, request } = reproducibleFailure(malformed.run, `${prefix}.negative_data_rejection.malformed-json`, OPERATION_PATHS[prefix]);
      expect(failure.title).to.match(/^malformed-json: .*HTTP 500/);
      expect(failure.kind).to.equal('server-error');
      expect(request.rawBody).to.equal('{');
      expect(failure.curl).to.include("--data-raw '{'");
    }
  });

  it('points-both-identifiers: fails with the two identifiers, one field to update and the entity, the same for the same seed', () => {
    const { failure, request } = reproducibleFailure(both[0].run, 'points-update.negative_data_rejection.both-identifiers', OPERATION_PATHS['points-update']);
    expect(failure.title).to.match(/^both-identifiers: not refused as documented/);
    expect(failure.kind).to.equal('accepted-invalid-request');
    const keys = Object.keys(request.body!);
    // The entity is always sent (x-readings points-entity: a vendor may require it).
    expect(keys).to.include.members(['redemptionId', 'externalReferenceNumber', 'entity']);
    expect(keys, JSON.stringify(request.body)).to.have.length(4);
    expect(keys.filter((k) => ['billId', 'billNumber', 'purpose'].includes(k))).to.have.length(1);

    const replay = check(both[1].run, 'points-update.negative_data_rejection.both-identifiers').failure!;
    expect(replay.counterexample).to.equal(failure.counterexample);
    expect(replay.path).to.equal(failure.path);
  });

  it('points-wrong-code: fails on the 750 answered for neither identifier, with one field to update and the entity', () => {
    const { failure, request } = reproducibleFailure(wrongCode.run, 'points-update.negative_data_rejection.neither-identifier', OPERATION_PATHS['points-update']);
    expect(failure.title).to.match(/^neither-identifier: refused without the documented code/);
    expect(failure.kind).to.equal('undocumented-code');
    expect(failure.received).to.include('750');
    expect(failure.documented).to.include('749');
    const keys = Object.keys(request.body!).filter((k) => k !== 'entity');
    expect(keys, JSON.stringify(request.body)).to.have.length(1);
    expect(['billId', 'billNumber', 'purpose']).to.include(keys[0]);
  });

  it('bulk-limit-missing: fails on a dry run of exactly limit + 1 real coupons', () => {
    const { failure, request } = reproducibleFailure(noLimit.run, 'bulk-redeem.negative_data_rejection.over-limit-list', OPERATION_PATHS['bulk-redeem']);
    expect(failure.title).to.match(/^over-limit-list: not refused as documented/);
    expect(failure.kind).to.equal('accepted-invalid-request');
    // Both documented names of the dry-run parameter (x-readings bulk-dry-run-parameter).
    expect(request.query).to.deep.equal({ is_redeemable: 'true', isredeemable: 'true' });
    expect(request.body!.redemptionRequestList).to.have.length(noLimit.sim.fixtures.limits.bulkRedeemMax + 1);
  });

  it('truncated-json: the coupons the bulk redeem properties need fail on the issue answer that is not valid JSON (not on a missing code)', () => {
    const { run } = truncated;
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    for (const id of ['bulk-redeem.positive_data_acceptance', ...negativeIds('bulk-redeem')]) {
      const name = id;
      const { failure } = check(run, id);
      expect(failure!.title, name).to.equal('the issue answer is not valid JSON');
      expect(failure!.received, name).to.match(/^the body is not valid JSON \(/);
      expect(failure!.operation, name).to.equal('POST /v2/coupon/issue');
    }
  });

  it('hang: a property whose run got no answer reports that run, not shrunk, and the host got at most 3 bulk redeem requests', () => {
    const { run, sim } = hang;
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(sim.stats().byOperation['bulk-redeem'] ?? 0).to.be.at.most(3);
    for (const name of ['positive_data_acceptance', `negative_data_rejection.${MUTATORS.bulkRedeemCoupons[0].name}`]) {
      const { failure } = check(run, `bulk-redeem.${name}`);
      expect(failure!.received, name).to.match(/^(no answer within 500 ms|not sent: )/);
      expect(failure!.counterexample, name).to.be.a('string');
      expect(failure!.details!.join('\n'), name).to.match(/shrunk 0 time\(s\) \(shrinking stopped: a request got no answer/);
    }
  });
});
