import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, WriteBlockedError, type ClientOptions } from '../../src/client/index.ts';
import { retryAfterMs } from '../../src/client/rate-limiter.ts';
import { getContract } from '../../src/contract/index.ts';
import { createRedactor, basicToken } from '../../src/redact.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('client: the one request layer', function () {
  this.timeout(30_000);
  let server: http.Server;
  let handler: Handler;
  const arrivals: { at: number; url: string; headers: http.IncomingHttpHeaders }[] = [];
  let baseUrl: string;
  const auth = { basic: { username: 'till.1', password: 'pw-secret-1' } };

  before(async () => {
    server = http.createServer((req, res) => {
      arrivals.push({ at: performance.now(), url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    arrivals.length = 0;
    handler = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    };
  });
  const client = (o: Partial<ClientOptions> = {}) =>
    new Client(getContract(), { baseUrl, auth, timeoutMs: 2000, maxRpm: null, remote: false, allowWrites: false, redact: createRedactor(auth), ...o });
  const dryRun = { operation: 'bulkRedeemCoupons' as const, query: { is_redeemable: 'true' }, body: { redemptionRequestList: [{ code: 'X' }] } };

  it("sends the vendor's Basic header (MD5 before Base64) and renders curl with it masked", async () => {
    const ex = await client().send(dryRun);
    expect(ex.response!.status).to.equal(200);
    expect(ex.response!.json).to.deep.equal({ ok: true });
    expect(arrivals[0].headers.authorization).to.equal(`Basic ${basicToken('till.1', 'pw-secret-1')}`);
    expect(arrivals[0].url).to.equal('/v2/coupon/bulk/redeem?is_redeemable=true');
    expect(ex.curl).to.include("-H 'Authorization: Basic ***'");
    expect(ex.curl).to.not.include(basicToken('till.1', 'pw-secret-1'));
    expect(ex.curl).to.match(/^curl -sS -X POST '.*\/v2\/coupon\/bulk\/redeem\?is_redeemable=true'/);
  });

  it('sends the OAuth header when only a token is configured', async () => {
    await client({ auth: { oauthToken: 'tok-1' }, redact: createRedactor({ oauthToken: 'tok-1' }) }).send(dryRun);
    expect(arrivals[0].headers['x-cap-api-oauth-token']).to.equal('tok-1');
    expect(arrivals[0].headers.authorization).to.equal(undefined);
  });

  it('never sends a write to a remote host without --allow-writes; a dry run is not a write', async () => {
    const c = client({ remote: true, allowWrites: false });
    let thrown: unknown;
    try {
      await c.send({ operation: 'issueCoupon', body: { seriesId: 1, customer: { id: 1 } } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(WriteBlockedError);
    expect(arrivals).to.have.length(0);
    await c.send(dryRun);
    expect(arrivals).to.have.length(1);
    expect(c.isWrite({ operation: 'bulkRedeemCoupons', body: {} })).to.equal(true);
    expect(c.isWrite({ operation: 'updatePointsRedemption', body: {} })).to.equal(true);
  });

  it('spaces request starts to respect --max-rpm, also when sent concurrently', async () => {
    const c = client({ maxRpm: 1200 }); // one start every 50 ms
    await Promise.all(Array.from({ length: 8 }, () => c.send(dryRun)));
    const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i].at);
    expect(Math.min(...gaps)).to.be.greaterThan(45);
    expect(arrivals[7].at - arrivals[0].at).to.be.greaterThan(7 * 50 - 10);
  });

  it('waits out a 429 with Retry-After and retries, a bounded number of times', async () => {
    let n = 0;
    handler = (_req, res) => {
      n++;
      if (n <= 2) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        return res.end('{}');
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    };
    const ok = await client().send(dryRun);
    expect(ok.response!.status).to.equal(200);
    expect(ok.attempts).to.equal(3);
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '0' });
      res.end();
    };
    arrivals.length = 0;
    const limited = await client({ max429Retries: 2 }).send(dryRun);
    expect(limited.response!.status).to.equal(429);
    expect(limited.attempts).to.equal(3);
    expect(arrivals).to.have.length(3);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).to.equal(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).to.be.within(1000, 3000);
    expect(retryAfterMs(undefined)).to.equal(undefined);
    expect(retryAfterMs('soon')).to.equal(undefined);
  });

  it('says in plain words when the host resets the connection', async () => {
    handler = (req) => req.socket.destroy();
    const ex = await client().send(dryRun);
    expect(ex.response).to.equal(undefined);
    expect(ex.error).to.equal('the host closed or reset the connection without answering');
  });

  it('gives up on a host that never answers after --timeout', async () => {
    handler = () => undefined;
    const t0 = performance.now();
    const ex = await client({ timeoutMs: 300 }).send(dryRun);
    expect(ex.error).to.equal('no answer within 300 ms (the request timed out)');
    expect(performance.now() - t0).to.be.lessThan(1500);
  });

  it('keeps a body that is not JSON, and says why', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    const ex = await client().send(dryRun);
    expect(ex.response!.status).to.equal(502);
    expect(ex.response!.text).to.equal('<html>Bad gateway</html>');
    expect(ex.response!.json).to.equal(undefined);
    expect(ex.response!.jsonError).to.match(/not valid JSON/);
  });

  it('logs every request, redacted', async () => {
    const c = client();
    await c.send(dryRun);
    await c.send(dryRun);
    expect(c.requests).to.equal(2);
    expect(c.log).to.have.length(2);
    expect(JSON.stringify(c.log)).to.not.include(basicToken('till.1', 'pw-secret-1'));
  });
});

describe('client: a host that stops answering', function () {
  this.timeout(30_000);
  it('costs a few timeouts, then the operation is not sent to any more (bounded run)', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let arrived = 0;
    server.on('request', () => arrived++);
    const c = new Client(getContract(), { baseUrl, auth: {}, timeoutMs: 200, maxRpm: null, remote: false, allowWrites: false, redact: (s) => s, breakAfter: 3 });
    const req = { operation: 'bulkRedeemCoupons' as const, query: { is_redeemable: 'true' }, body: {} };
    const t0 = performance.now();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await c.send(req));
    expect(performance.now() - t0).to.be.lessThan(3 * 200 + 1500);
    expect(arrived).to.equal(3);
    expect(answers[2].error).to.equal('no answer within 200 ms (the request timed out)');
    expect(answers[9].error).to.match(/^not sent: the last 3 requests to POST \/v2\/coupon\/bulk\/redeem got no answer \(no answer within 200 ms/);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});
