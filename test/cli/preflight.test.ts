// The first run against a real host (issue 16): before any rule, a preflight of at most 5
// read-only requests names the cause of a wrong password, an unknown fixtures customer or an
// unreachable host in one sentence and exits 2; `--preflight` runs only that. A run in which
// every answer was 401, 403, 404 or 429 exits 2 ("nothing was tested"), never 0 or 1.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import { runCli, writeJson, type CliRun } from '../support/cli.ts';

const why = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

describe('cli: the preflight and the vacuous run', function () {
  this.timeout(120_000);
  let sim: Simulator;
  const servers: Server[] = [];
  before(async () => {
    sim = await startSimulator();
  });
  after(async () => {
    await sim.stop();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const host = (extra: string[] = [], fixtures: unknown = sim.fixtures) => ['--base-url', sim.baseUrl, '--fixtures', writeJson(fixtures), ...extra];

  it('--preflight against a good host: exit 0, one line, at most 5 requests, nothing written', async () => {
    const before = sim.stats();
    const run = await runCli(host(['--preflight']));
    const after = sim.stats();
    expect(run.code, why(run)).to.equal(0);
    expect(run.stdout).to.match(/^preflight: ok/m);
    expect(after.requests - before.requests).to.be.within(1, 5);
    expect(after.writes - before.writes).to.equal(0);
  });

  it('a wrong password: exit 2 with one sentence naming the credentials, before any rule, at most 5 requests', async () => {
    const before = sim.stats().requests;
    const run = await runCli(host(['--password', 'not-the-password', '--allow-writes']));
    expect(run.code, why(run)).to.equal(2);
    expect(run.stderr).to.match(/preflight: the credentials were rejected/);
    expect(run.stdout).not.to.match(/rules selected/);
    expect(sim.stats().requests - before).to.be.within(1, 5);
    expect(run.stderr + run.stdout).not.to.include('not-the-password');
  });

  it('a fixtures customer the host does not have: exit 2 naming the fixtures key', async () => {
    const fixtures = structuredClone(sim.fixtures);
    fixtures.customers[1].mobile = '919999000111';
    const run = await runCli(host(['--preflight'], fixtures));
    expect(run.code, why(run)).to.equal(2);
    expect(run.stderr).to.match(/preflight: the fixtures customer customers\[1\] .* does not exist/);
    expect(run.stderr).to.include('(fixtures customers[1])');
  });

  it('a closed port: exit 2, the host cannot be reached', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const run = await runCli(['--base-url', `http://127.0.0.1:${port}`, '--fixtures', writeJson(sim.fixtures)]);
    expect(run.code, why(run)).to.equal(2);
    expect(run.stderr).to.match(/preflight: .* cannot be reached: connection refused/);
  });

  it('a vacuous run (every answer after the preflight 403): exit 2, "nothing was tested", reports written', async () => {
    // Answers the preflight's dry run as the vendor does (an unknown coupon), and 403 to everything else.
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const preflight = req.url?.startsWith('/v2/coupon/bulk/redeem') && body.includes('CONFORMANCE-PREFLIGHT');
        res.writeHead(preflight ? 400 : 403, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(preflight
          ? { response: [], errors: [{ code: 702, message: 'Coupon code is invalid', status: false }], warnings: [] }
          : { errors: [{ code: 403, message: 'Forbidden', status: false }], warnings: [] }));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(['--base-url', url, '--fixtures', writeJson(sim.fixtures), '--grep', 'coupon-issue\\.schema|points-update\\.schema']);
    expect(run.code, why(run)).to.equal(2);
    expect(run.stdout).to.match(/nothing was tested: every answer was 401, 403, 404 or 429/);
    expect(run.results!.run.exitCode).to.equal(2);
  });
});
