// The suite's per-request cost, layer by layer: the same dry-run bulk redeem sent N times in
// a row (one at a time, as the suite sends) through node:http alone, pactum alone, the
// suite's Client.send, and the rule layer's send() (Client + the four response checks +
// the recorder). Run as a child process against a host in another process, so the host's
// own CPU does not count here: `tsx bench/layers.ts <baseUrl> <fixtures.json> [N]`.
// Prints one JSON array: per layer, requests/s, ms per request and the client's CPU ms per
// request (medians of interleaved rounds).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import pactum from 'pactum';
import { getContract } from '../src/contract/index.ts';
import { Client } from '../src/client/index.ts';
import { createRedactor } from '../src/redact.ts';
import { Recorder } from '../src/runtime/recorder.ts';
import { Shared, type RunContext } from '../src/runtime/context.ts';
import { send } from '../src/runtime/exchange.ts';
import type { Config, Fixtures } from '../src/config/index.ts';
import { basicAuthorization } from '../simulator/index.ts';

const [baseUrl, fixturesFile, n = '400'] = process.argv.slice(2);
const N = Number(n);
const fixtures = JSON.parse(readFileSync(fixturesFile, 'utf8')) as Fixtures & { auth: { username: string; password: string } };
const { username, password } = fixtures.auth;
const customer = fixtures.customers[0];
const auth = { basic: { username, password } };
const redact = createRedactor(auth);
const contract = getContract({ bulkMax: fixtures.limits?.bulkRedeemMax });
const headers = { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: basicAuthorization(username, password) };

async function issue(): Promise<string> {
  const res = await fetch(`${baseUrl}/v2/coupon/issue`, { method: 'POST', headers, body: JSON.stringify({ seriesId: fixtures.seriesId, customer: { id: customer.id } }) });
  return ((await res.json()) as { code: string }).code;
}
const code = await issue();
const body = { redemptionRequestList: [{ code }], redemptionTime: '2024-01-01 10:00:00', transactionNumber: 'bench-layers', user: { id: customer.id }, billAmount: '1000' };
const bodyText = JSON.stringify(body);
const path = '/v2/coupon/bulk/redeem?is_redeemable=true';

const agent = new http.Agent({ keepAlive: true });
function nodeHttp(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end(bodyText);
  });
}

pactum.settings.setLogLevel('SILENT');
async function viaPactum(): Promise<number> {
  const res = (await pactum.spec().withMethod('POST').withPath(`${baseUrl}${path}`).withHeaders(headers).withBody(bodyText).withRequestTimeout(10_000).toss()) as { statusCode: number };
  return res.statusCode;
}

const client = new Client(contract, { baseUrl, auth, timeoutMs: 10_000, maxRpm: null, remote: false, allowWrites: true, redact });
const request = { operation: 'bulkRedeemCoupons' as const, body, query: { [contract.profile.dryRunParameter.value]: 'true' } };
async function viaClient(): Promise<number> {
  return (await client.send(request)).response!.status;
}

const config = { seed: 1, timeoutMs: 10_000, runs: null, grep: null } as unknown as Config;
const ctx: RunContext = {
  config, contract, client, fixtures, recorder: new Recorder(contract), redact, baseUrl, embedded: false, seed: 1,
  limits: { bulkMax: contract.bulkMax, parallelism: 1, runs: { positive: 10, negative: 12 }, sequences: { runs: 0, steps: 0 }, timeoutMs: 10_000 }, shared: new Shared(),
};
async function viaSend(): Promise<number> {
  return (await send(ctx, request)).response.status;
}

const layers: [string, () => Promise<number>][] = [
  ['node:http (keep-alive agent)', nodeHttp],
  ['pactum spec().toss()', viaPactum],
  ['Client.send (pactum + deadline + curl + redaction + log)', viaClient],
  ['send() (Client + 4 response checks (ajv) + recorder)', viaSend],
];

// Warm up every layer (JIT, sockets), then measure in interleaved rounds so that a change in
// the machine's load hits every layer alike; report the median round of each layer.
const ROUNDS = 5;
const perRound = Math.max(1, Math.floor(N / ROUNDS));
for (const [, fn] of layers) for (let i = 0; i < 50; i++) await fn();
const samples = new Map<string, { ms: number; cpuMs: number }[]>(layers.map(([name]) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of layers) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const status = await fn();
      if (status !== 200) throw new Error(`${name}: HTTP ${status}`);
    }
    const cpu = process.cpuUsage(cpu0);
    samples.get(name)!.push({ ms: (performance.now() - t0) / perRound, cpuMs: (cpu.user + cpu.system) / 1000 / perRound });
  }
}
const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = layers.map(([name]) => {
  const s = samples.get(name)!;
  const ms = mid(s.map((x) => x.ms));
  return { layer: name, requests: perRound * ROUNDS, rps: Math.round(1000 / ms), msPerRequest: +ms.toFixed(3), clientCpuMsPerRequest: +mid(s.map((x) => x.cpuMs)).toFixed(3) };
});
agent.destroy();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
