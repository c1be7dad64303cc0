// End to end, with real traffic: three reference hosts on 127.0.0.1, the same seeded requests
// to each (issue, bulk redeem real and dry run, coupon update, points update; valid and
// invalid), each host with its own fixtures. Clean against clean: no difference (though every
// coupon code, id and timestamp differs in the raw answers); clean against a fault: the
// difference at the field path the fault changes, and nothing at ids, codes or timestamps.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import { createRedactor, basicToken } from '../../src/redact.ts';
import { differential, renderDiffHtml, renderDiffJunit, renderDiffMarkdown, STATUS_PATH, type DiffReport, type RecordedExchange } from '../../src/diff/index.ts';
import { runTraffic, type Host } from './traffic.ts';

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Generated ids, coupon codes and timestamps: never a difference between two conforming hosts. */
const GENERATED = new Set(['id', 'entityId', 'userId', 'validTill', 'redemptionDate', 'redemptionTime', 'pointsRedemptionTime', 'autoUpdateTime']);
function generatedFieldDifferences(report: DiffReport) {
  return report.differences.filter((d) => {
    const last = d.path.split('/').pop()!.replace('[]', '');
    if (GENERATED.has(last)) return true;
    // A coupon code (a string under `code`) that differs in value.
    return last === 'code' && d.kinds.includes('value') && typeof d.example.a === 'string' && typeof d.example.b === 'string';
  });
}

const notNoise = (report: DiffReport) => report.differences.filter((d) => !d.noise).map((d) => `${d.operation} ${d.path}`).sort();

describe('diff: differential runs against reference hosts (end to end)', function () {
  this.timeout(60_000);
  let hostA: Simulator;
  let primary: RecordedExchange[];
  let secondary: RecordedExchange[];
  const started: { stop(): Promise<void> }[] = [];

  before(async () => {
    hostA = await startSimulator({});
    started.push(hostA);
    primary = await runTraffic(hostA);
    secondary = await runTraffic(hostA); // host A again: fresh coupons, the noise calibration
  });
  after(async () => {
    for (const s of started) await s.stop();
  });

  async function against(host: Host): Promise<{ report: DiffReport; candidate: RecordedExchange[] }> {
    const candidate = await runTraffic(host);
    const report = differential({ primary, secondary, candidate, fixturesA: hostA.fixtures, fixturesB: host.fixtures });
    return { report, candidate };
  }

  async function simulator(faults: string[] = []): Promise<Simulator> {
    const s = await startSimulator({ faults });
    started.push(s);
    return s;
  }

  it('clean against clean: 0 differences, though every coupon code, coupon id and redemption id differs in the raw answers', async () => {
    const { report, candidate } = await against(await simulator());
    expect(primary.length).to.be.greaterThan(40);
    expect(report.pairs).to.equal(primary.length);
    expect(report.noisePairs).to.equal(primary.length);
    expect(report.differences, renderDiffMarkdown(report)).to.deep.equal([]);
    expect(report.unpaired).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    // Not vacuous: the raw answers differ where the normalisation says they may.
    const byKey = new Map(candidate.map((e) => [e.key, e]));
    const issued = primary.filter((e) => e.key.startsWith('issue.pool#'));
    expect(issued).to.have.length(6);
    for (const a of issued) {
      const b = byKey.get(a.key)!;
      expect((a.response!.body as any).code).to.not.equal((b.response!.body as any).code);
    }
    const redeemA = primary.find((e) => e.key === 'bulk.redeem#0')!.response!.body as any;
    const redeemB = byKey.get('bulk.redeem#0')!.response!.body as any;
    expect(redeemA.response.map((e: any) => e.result.code)).to.not.deep.equal(redeemB.response.map((e: any) => e.result.code));
    // Host A twice: the second run's coupons and redemption ids are new too.
    const again = secondary.find((e) => e.key === 'bulk.redeem#0')!.response!.body as any;
    expect(again.response.map((e: any) => e.result.redemptionId)).to.not.deep.equal(redeemA.response.map((e: any) => e.result.redemptionId));
  });

  const FAULTS: { fault: string; expected: string[]; exact: boolean }[] = [
    { fault: 'points-wrong-code', expected: ['updatePointsRedemption /errors[]/code'], exact: true },
    { fault: 'update-status-wrong', expected: ['updateCouponRedemption /entity/status/code'], exact: true },
    { fault: 'issue-schema-drift', expected: ['issueCoupon /code', 'issueCoupon /couponCode'], exact: true },
    { fault: 'dry-run-wrong-redemption-id', expected: ['bulkRedeemCoupons /response[]/result/redemptionId'], exact: true },
    // The valid coupons of a failing batch are redeemed: their entries say 700, and the later dry run of them is refused.
    { fault: 'bulk-partial', expected: ['bulkRedeemCoupons /response[]/result/redemptionStatus/code', `bulkRedeemCoupons ${STATUS_PATH}`], exact: false },
  ];

  for (const { fault, expected, exact } of FAULTS) {
    it(`clean against ${fault}: the difference at ${expected.join(' and ')}, none at ids, codes or timestamps`, async () => {
      const { report } = await against(await simulator([fault]));
      expect(report.ok).to.equal(false);
      const paths = notNoise(report);
      if (exact) expect(paths, renderDiffMarkdown(report)).to.deep.equal([...expected].sort());
      else expect(paths, renderDiffMarkdown(report)).to.include.members(expected);
      expect(report.noise).to.deep.equal([]);
      expect(generatedFieldDifferences(report).filter((d) => !expected.includes(`${d.operation} ${d.path}`))).to.deep.equal([]);
      for (const d of report.differences) expect(d.example.key).to.match(/^[\w.-]+#\d+$/);
    });
  }

  it('the bulk-partial example names the batch, the entry field and both codes', async () => {
    const { report } = await against(await simulator(['bulk-partial']));
    const d = report.differences.find((x) => x.path === '/response[]/result/redemptionStatus/code')!;
    expect(d.example).to.deep.include({ key: 'bulk.atomic#0', request: 'POST /v2/coupon/bulk/redeem', a: 749, b: 700 });
    const status = report.differences.find((x) => x.path === STATUS_PATH)!;
    expect(status.example).to.deep.include({ key: 'bulk.after-atomic#0', a: 200, b: 400 });
  });

  it('host B with other fixture values (series, customers, points redemptions) and other manners (order, dates, notation, wording): still 0 differences', async () => {
    const upstream = await simulator();
    const proxy = await translatingProxy(upstream);
    started.push(proxy);
    // Not vacuous: none of B's fixture values is one of A's.
    const valuesOf = (f: Host['fixtures']) => [f.seriesId, ...f.customers.flatMap((c) => [c.id, c.mobile, c.externalId, c.email]), ...f.pointsRedemptions.flatMap((r) => [r.redemptionId, r.externalReferenceNumber])];
    const a = new Set(valuesOf(hostA.fixtures).map(String));
    expect(valuesOf(proxy.fixtures).filter((v) => a.has(String(v)))).to.deep.equal([]);
    const { report, candidate } = await against(proxy);
    expect(report.differences, renderDiffMarkdown(report)).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    // B's answers do name B's customers.
    const issued = candidate.find((e) => e.key === 'issue.pool#0')!.response!.body as any;
    expect(issued.customer.id).to.equal(proxy.fixtures.customers[0].id);
    expect(issued.customer.profiles[0].autoUpdateTime).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const points = candidate.find((e) => e.key === 'points.valid#0')!.response!.body as any;
    const pointsA = primary.find((e) => e.key === 'points.valid#0')!.response!.body as any;
    expect(points.redemptionTime).to.not.equal(pointsA.redemptionTime);
    expect(Object.keys(points)).to.deep.equal(Object.keys(pointsA).reverse());
    // And a fault behind the other fixtures is still found at its path.
    const faulty = await translatingProxy(await simulator(['points-wrong-code']));
    started.push(faulty);
    expect(notNoise((await against(faulty)).report)).to.deep.equal(['updatePointsRedemption /errors[]/code']);
  });

  it('noise calibration end to end: a field host A answers differently on each run is noise; a change elsewhere is still found', async () => {
    // Host A behind a proxy that adds a field whose value varies from answer to answer (a server
    // name, a trace text): no normalisation knows it, the calibration does.
    let served = 0;
    const varying = (answer: unknown) => (isObject(answer) ? { ...answer, servedBy: `worker ${(served++ * 7) % 5} of pool ${served % 3}` } : answer);
    const noisyA = await translatingProxy(await simulator(), { change: varying });
    started.push(noisyA);
    const p = await runTraffic(noisyA);
    const s = await runTraffic(noisyA);
    const clean = await translatingProxy(await simulator(), { change: varying });
    started.push(clean);
    const report = differential({ primary: p, secondary: s, candidate: await runTraffic(clean), fixturesA: noisyA.fixtures, fixturesB: clean.fixtures });
    expect(report.noise.length).to.be.greaterThan(0);
    expect(report.noise.every((n) => n.path === '/servedBy')).to.equal(true);
    expect(report.differences.length).to.be.greaterThan(0);
    expect(report.differences.every((d) => d.path === '/servedBy' && d.noise), renderDiffMarkdown(report)).to.equal(true);
    expect(report.ok).to.equal(true);
    const faulty = await translatingProxy(await simulator(['update-status-wrong']), { change: varying });
    started.push(faulty);
    const withFault = differential({ primary: p, secondary: s, candidate: await runTraffic(faulty), fixturesA: noisyA.fixtures, fixturesB: faulty.fixtures });
    expect(notNoise(withFault)).to.deep.equal(['updateCouponRedemption /entity/status/code']);
    expect(withFault.ok).to.equal(false);
  });

  it('a host that echoes credentials: the difference is reported, the credentials are not', async () => {
    const echo = await simulator(['echo-credentials']);
    const candidate = await runTraffic(echo);
    const { username, password } = echo.fixtures.auth;
    const auth = { basic: { username, password } };
    const report = differential({ primary, secondary, candidate, fixturesA: hostA.fixtures, fixturesB: echo.fixtures }, { redact: createRedactor(auth) });
    expect(notNoise(report)).to.include('issueCoupon /debug');
    const text = [JSON.stringify(report), renderDiffMarkdown(report), renderDiffHtml(report), renderDiffJunit(report)].join('\n');
    expect(text).to.not.include(basicToken(username, password));
    expect(text).to.not.include(password);
    expect(text).to.include('***');
  });
});

/**
 * What another conforming vendor may do differently: keys in another order, entries in
 * another order, dates as "YYYY-MM-DD HH:MM:SS", epoch times of another moment, counts as
 * strings, other message wording where a code is given.
 */
function otherManners(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((e) => otherManners(e, key)).reverse();
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) {
      out[k] = k === 'message' && 'code' in v && typeof v[k] === 'string' ? `${v[k]} (reworded)`.toUpperCase() : otherManners(v[k], k);
    }
    return out;
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) return v.slice(0, 19).replace('T', ' ');
  if (typeof v === 'number' && /Time$/.test(key ?? '') && v > 1e12) return v + 3_600_000;
  if (typeof v === 'number' && (key === 'totalCount' || key === 'failureCount' || key === 'failedCount')) return String(v);
  return v;
}

/**
 * Host B with other fixture values: a loopback proxy in front of a reference host that renames
 * every fixture value (series, customers, points redemptions) in requests and answers.
 */
async function translatingProxy(
  target: Simulator,
  options: { rename?: boolean; manners?: boolean; change?: (answer: unknown) => unknown } = { rename: true, manners: true },
): Promise<Host & { stop(): Promise<void> }> {
  const f = target.fixtures;
  const pairs: [string | number, string | number][] = [];
  if (options.rename) {
    pairs.push([f.seriesId, 731001]);
    f.customers.forEach((c, i) => {
      pairs.push([c.id, 4400120 + i], [c.mobile, `44770090000${i + 1}`], [c.externalId, `B-CUSTOMER-${i + 1}`], [c.email, `customer.${i + 1}@example.org`]);
    });
    f.pointsRedemptions.forEach((r, i) => pairs.push([r.redemptionId, `pr-b${i}`], [r.externalReferenceNumber, `REF-B-${100 + i}`]));
  }
  const translate = (text: string, from: 0 | 1) =>
    pairs.reduce((t, p) => {
      const [x, y] = from === 0 ? p : [p[1], p[0]];
      return typeof x === 'number' ? t.replace(new RegExp(`(?<![\\w.])${x}(?![\\w.])`, 'g'), String(y)) : t.split(JSON.stringify(x)).join(JSON.stringify(y));
    }, text);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'x-cap-api-oauth-token', 'content-type', 'accept']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
    const body = chunks.length ? translate(Buffer.concat(chunks).toString('utf8'), 1) : undefined;
    const answer = await fetch(`${target.baseUrl}${req.url}`, { method: req.method, headers, body, signal: AbortSignal.timeout(5000) });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    const text = translate(await answer.text(), 0);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return void res.end(text);
    }
    if (options.manners) json = otherManners(json);
    if (options.change) json = options.change(json);
    res.end(JSON.stringify(json));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fixtures = JSON.parse(translate(JSON.stringify(f), 0)) as Host['fixtures'];
  fixtures.auth = f.auth;
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fixtures,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
