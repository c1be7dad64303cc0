// OAuth key + secret (FACTS.md, "Authentication"): the reference host's token endpoint with a
// short ttl, and the Client's token provider renewing before the ttl runs out, so a run that
// lasts several ttls never sends an expired token. Controls: a token kept past its ttl is
// refused (401), and a provider that renews too late recovers through one retry after the 401.
import { expect } from 'chai';
import { Client, TokenProvider, type ClientOptions } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import type { Auth } from '../../src/config/index.ts';
import { createRedactor } from '../../src/redact.ts';
import { OAUTH_TOKEN_PATH, startSimulator, type Simulator } from '../../simulator/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('oauth: POST /v3/oauth/token/generate and token renewal', function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => {
    getContract(); // compiled once before the clock matters: the ttl is 1 s
    sim = await startSimulator({ tokenTtlSeconds: 1 });
  });
  after(() => sim.stop());

  const dryRun = () => ({ operation: 'bulkRedeemCoupons' as const, query: { is_redeemable: 'true' }, body: { customer: { mobile: sim.fixtures.customers[0]!.mobile }, redemptionRequestList: [{ code: 'NOPE-1' }] } });
  const client = (auth: Auth, extra: Partial<ClientOptions> = {}) =>
    new Client(getContract(), { baseUrl: sim.baseUrl, auth, timeoutMs: 3000, maxRpm: null, remote: false, allowWrites: false, redact: createRedactor(auth), ...extra });

  it('the reference host issues a token with the documented envelope, refuses a wrong secret, and the token expires after ttlSeconds', async () => {
    const wrong = await post(`${sim.baseUrl}${OAUTH_TOKEN_PATH}`, { key: sim.oauth.key, secret: 'not-it' });
    expect(wrong.status).to.equal(401);
    const ok = await post(`${sim.baseUrl}${OAUTH_TOKEN_PATH}`, { key: sim.oauth.key, secret: sim.oauth.secret });
    expect(ok.status).to.equal(200);
    expect(ok.json.errors).to.equal(null);
    expect(ok.json.data.ttlSeconds).to.equal(1);
    const token = ok.json.data.accessToken as string;
    const withToken = client({ oauthToken: token });
    const first = await withToken.send(dryRun());
    expect(first.response!.status, first.curl + first.response!.text).to.not.equal(401);
    await sleep(1100);
    expect((await withToken.send(dryRun())).response!.status, 'the same token after its ttl').to.equal(401);
  });

  it('a run of 2.6 s (2.6 ttls) with --oauth-key/--oauth-secret never gets a 401: the token is renewed at 80% of its ttl', async () => {
    const c = client({ oauth: { key: sim.oauth.key, secret: sim.oauth.secret } });
    const statuses: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 2600) {
      const ex = await c.send(dryRun());
      statuses.push(ex.response?.status ?? -1);
      await sleep(100);
    }
    expect(statuses.length).to.be.greaterThan(15);
    expect(statuses.filter((s) => s === 401 || s === -1)).to.deep.equal([]);
    expect(c.tokens!.fetched, 'tokens obtained (one per 0.8 s)').to.be.within(3, 5);
    expect(c.requests, 'no retries were needed').to.equal(statuses.length);
  });

  it('(control) a provider that renews only after expiry meets the 401, renews once and the request succeeds', async () => {
    const c = client({ oauth: { key: sim.oauth.key, secret: sim.oauth.secret } });
    // Swap in a provider that keeps its token 1.5 ttls: past expiry.
    const late = new TokenProvider({ baseUrl: sim.baseUrl, key: sim.oauth.key, secret: sim.oauth.secret, renewAt: 1.5, post: (c as any).postToken.bind(c) });
    (c as any).tokens = late;
    expect((await c.send(dryRun())).response!.status).to.not.equal(401);
    await sleep(1100);
    const ex = await c.send(dryRun());
    expect(ex.response!.status, 'after one renewal').to.not.equal(401);
    expect(ex.attempts).to.equal(2);
    expect(late.fetched).to.equal(2);
  });

  it('rejected key/secret: no request is sent, the exchange names the cause and not the secret', async () => {
    const c = client({ oauth: { key: sim.oauth.key, secret: 'Wrong-Secret-xyz' } });
    const before = sim.stats().requests;
    const ex = await c.send(dryRun());
    expect(ex.response).to.equal(undefined);
    expect(ex.error).to.match(/OAuth key and secret were rejected/);
    expect(ex.error).to.not.include('Wrong-Secret-xyz');
    expect(sim.stats().requests - before, 'only the token request').to.equal(1);
  });

  it('the token obtained is redacted from curl and from any text the redactor sees', async () => {
    const auth: Auth = { oauth: { key: sim.oauth.key, secret: sim.oauth.secret } };
    const redact = createRedactor(auth);
    const c = client(auth, { redact });
    const ex = await c.send(dryRun());
    const token = await c.tokens!.token();
    expect(ex.curl).to.include("X-CAP-API-OAUTH-TOKEN: ***").and.not.include(token);
    expect(redact(`echo ${token} ${sim.oauth.secret} ${sim.oauth.key}`)).to.equal('echo *** *** ***');
  });
});
