// The preflight against the reference host: a clean host passes in at most 5 requests; a
// wrong password, an unknown fixtures customer, a closed port and a host that is not the
// vendor's API (HTML, a JSON 404, JSON without a documented envelope) each fail with one
// sentence naming the cause (and the fixtures key). Plus isVacuous.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '../../src/client/index.ts';
import type { Auth, Fixtures } from '../../src/config/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { readReadings } from '../../src/contract/readings.ts';
import { isVacuous, preflight } from '../../src/preflight/index.ts';
import { createRedactor } from '../../src/redact.ts';
import { startSimulator, type Simulator } from '../../simulator/index.ts';

describe('preflight: the first contact with a host', function () {
  this.timeout(30_000);
  let sim: Simulator;
  const contract = getContract();
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.stop());

  const basic = (): Auth => ({ basic: { username: sim.fixtures.auth.username, password: sim.fixtures.auth.password } });
  const clientFor = (baseUrl: string, auth: Auth = basic()) =>
    new Client(contract, { baseUrl, auth, timeoutMs: 3000, maxRpm: null, remote: true, allowWrites: false, redact: createRedactor(auth) });
  const fixtures = (): Fixtures => structuredClone(sim.fixtures) as unknown as Fixtures;

  /** A tiny host on loopback answering every request the same way. */
  async function fakeHost(status: number, type: string, body: string): Promise<{ url: string; close(): Promise<void>; hits: () => number }> {
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': type }).end(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      hits: () => hits,
      close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
  }

  it('a clean host: ok, one dry run per fixtures customer (at most 5), nothing written', async () => {
    const before = sim.stats();
    const result = await preflight({ client: clientFor(sim.baseUrl), contract, fixtures: fixtures() });
    expect(result).to.deep.equal({ ok: true, requests: sim.fixtures.customers.length });
    expect(result.requests).to.be.at.most(5);
    expect(sim.stats().writes - before.writes, 'writes').to.equal(0);
    expect(sim.stats().requests - before.requests).to.equal(result.requests);
  });

  it('with many customers still sends at most 5 requests', async () => {
    const f = fixtures();
    f.customers = Array.from({ length: 9 }, () => f.customers[0]!);
    const result = await preflight({ client: clientFor(sim.baseUrl), contract, fixtures: f });
    expect(result).to.deep.equal({ ok: true, requests: 5 });
  });

  it('a wrong password: the credentials were rejected, after one request, the password in no sentence', async () => {
    const auth: Auth = { basic: { username: sim.fixtures.auth.username, password: 'Wrong-Pass-91x' } };
    const result = await preflight({ client: clientFor(sim.baseUrl, auth), contract, fixtures: fixtures() });
    expect(result).to.deep.equal({ ok: false, cause: 'the credentials were rejected (--username/--password or --oauth-token)', requests: 1 });
  });

  it('a fixtures customer the host does not have: the cause names customers[1] and the documented code', async () => {
    const f = fixtures();
    f.customers[1] = { ...f.customers[1]!, mobile: '910000000999' };
    const result = await preflight({ client: clientFor(sim.baseUrl), contract, fixtures: f });
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.key).to.equal('customers[1]');
    expect(result.requests).to.equal(2);
    const codes = contract.codes('bulkRedeemCoupons', 'unknown-customer');
    expect(result.cause).to.match(new RegExp(`^the fixtures customer customers\\[1\\] \\(id \\d+\\) does not exist on http://127\\.0\\.0\\.1:\\d+: a dry run for its mobile answered code (${codes.join('|')}) `));
  });

  it('finds the unknown customer under every reading of the pages a dry run meets, but the one that checks coupons first', async () => {
    const blind = new Set(['bulk-check-order=coupons-first']);
    const missed: string[] = [];
    for (const point of readReadings()) {
      for (const reading of point.readings.filter((r) => r.name !== point.default)) {
        const label = `${point.id}=${reading.name}`;
        const host = await startSimulator({ readings: { [point.id]: reading.name } });
        try {
          const f = structuredClone(host.fixtures) as unknown as Fixtures;
          f.customers[1] = { ...f.customers[1]!, mobile: '910000000999' };
          const auth: Auth = { basic: { username: host.fixtures.auth.username, password: host.fixtures.auth.password } };
          const client = new Client(contract, { baseUrl: host.baseUrl, auth, timeoutMs: 3000, maxRpm: null, remote: true, allowWrites: false, redact: createRedactor(auth) });
          const result = await preflight({ client, contract, fixtures: f });
          const found = !result.ok && result.key === 'customers[1]';
          if (found === blind.has(label)) missed.push(`${label}: ${JSON.stringify(result)}`);
        } finally {
          await host.stop();
        }
      }
    }
    expect(missed).to.deep.equal([]);
  });

  it('a closed port: one sentence, after one attempt', async () => {
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const result = await preflight({ client: clientFor(`http://127.0.0.1:${port}`), contract, fixtures: fixtures() });
    expect(result).to.deep.equal({ ok: false, cause: `http://127.0.0.1:${port} cannot be reached: connection refused: nothing is listening at that address`, requests: 1 });
  });

  it('a host that is not the vendor\'s API: an HTML page, a JSON 404, JSON with no documented envelope', async () => {
    const cases = [
      { host: await fakeHost(200, 'text/html', '<!doctype html><html><body>Welcome to nginx</body></html>'), cause: /answered POST \/v2\/coupon\/bulk\/redeem with an HTML page \(HTTP 200\), not the vendor's API: check --base-url$/ },
      { host: await fakeHost(404, 'application/json', '{"message":"Not Found"}'), cause: /has no \/v2\/coupon\/bulk\/redeem \(HTTP 404\): check --base-url/ },
      { host: await fakeHost(200, 'application/json', '{"hello":"world"}'), cause: /JSON that is none of the vendor's documented envelopes/ },
    ];
    for (const { host, cause } of cases) {
      const result = await preflight({ client: clientFor(host.url), contract, fixtures: fixtures() });
      expect(result.ok).to.equal(false);
      expect((result as { cause: string }).cause).to.match(cause);
      expect(result.requests).to.equal(1);
      expect(host.hits()).to.equal(1);
      await host.close();
    }
  });

  it('OAuth key and secret the token endpoint refuses: the cause says so, no dry run sent', async () => {
    const auth: Auth = { oauth: { key: sim.oauth.key, secret: 'Wrong-Secret-77' } };
    const result = await preflight({ client: clientFor(sim.baseUrl, auth), contract, fixtures: fixtures() });
    expect(result.ok).to.equal(false);
    expect((result as { cause: string }).cause).to.match(/OAuth key and secret were rejected/).and.not.include('Wrong-Secret-77');
    expect(result.requests).to.equal(0);
  });

  it('isVacuous: at least one answer and every answer 401, 403, 404 or 429', () => {
    expect(isVacuous([401, 401, 403])).to.equal(true);
    expect(isVacuous([404, 429])).to.equal(true);
    expect(isVacuous([])).to.equal(false);
    expect(isVacuous([401, 200])).to.equal(false);
    expect(isVacuous([400])).to.equal(false);
    expect(isVacuous([500, 401])).to.equal(false);
  });
});
