// [simulator] HTTP behaviour shared by all endpoints: routing, auth, bodies, content type, stats, stop.
import { expect } from 'chai';
import { connect } from 'node:net';
import { BODY_LIMIT, FAULTS, FaultConfigError, UnknownFaultError, md5hex, startSimulator } from '../../simulator/index.ts';
import { type Client, envelope, start, stopAll } from './support.ts';

describe('[simulator] server', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  describe('startSimulator', () => {
    it('listens on 127.0.0.1 on an ephemeral port and returns the fixtures-file format', () => {
      expect(c.sim.baseUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const f = c.fixtures;
      expect(f).to.have.all.keys('seriesId', 'customers', 'pointsRedemptions', 'limits', 'auth');
      expect(f.seriesId).to.be.a('number');
      expect(f.customers).to.have.length.of.at.least(2);
      for (const cu of f.customers) expect(cu).to.have.all.keys('id', 'mobile', 'externalId', 'email');
      expect(f.pointsRedemptions).to.have.length.of.at.least(4);
      for (const p of f.pointsRedemptions) {
        expect(p).to.have.all.keys('redemptionId', 'externalReferenceNumber', 'customer');
        expect(p.customer.mobile).to.be.a('string');
      }
      expect(f.limits).to.deep.equal({ bulkRedeemMax: 50 });
      expect(f.auth.type).to.equal('basic');
      expect(f.auth).to.have.all.keys('type', 'username', 'password', 'oauthToken');
    });

    it('takes a bulkMax and reports it in the fixtures', async () => {
      const other = await start({ bulkMax: 7 });
      expect(other.fixtures.limits.bulkRedeemMax).to.equal(7);
    });

    it('takes a number of customers: each in the fixtures with its own identifiers, each a real customer to issue to and redeem for', async () => {
      const many = await start({ customers: 4 });
      const customers = many.fixtures.customers;
      expect(customers).to.have.length(4);
      expect(customers.slice(0, 2)).to.deep.equal(c.fixtures.customers);
      for (const key of ['id', 'mobile', 'externalId', 'email'] as const) expect(new Set(customers.map((cu) => cu[key])).size, key).to.equal(4);
      for (const cu of customers.slice(2)) {
        const issued = await many.issue({ seriesId: many.fixtures.seriesId, customer: { email: cu.email } });
        expect(issued.status, issued.text).to.equal(200);
        expect(issued.body.customer.id).to.equal(cu.id);
        const redeemed = await many.bulk({ redemptionRequestList: [{ code: issued.body.code }], transactionNumber: 't', billAmount: '10', user: { externalId: cu.externalId } });
        expect(redeemed.status, redeemed.text).to.equal(200);
      }
      for (const bad of [1, 51, 2.5]) {
        let error: unknown;
        await startSimulator({ customers: bad }).catch((e) => (error = e));
        expect(error, String(bad)).to.be.instanceOf(FaultConfigError);
      }
    });

    it('rejects an unknown fault with UnknownFaultError naming it', async () => {
      let error: unknown;
      await startSimulator({ faults: ['no-such-fault'] }).catch((e) => (error = e));
      expect(error).to.be.instanceOf(UnknownFaultError);
      expect((error as UnknownFaultError).fault).to.equal('no-such-fault');
      expect((error as Error).message).to.contain('no-such-fault').and.contain('bulk-partial');
    });

    it('documents every fault with the vendor rule it breaks', () => {
      expect(Object.keys(FAULTS)).to.have.length.of.at.least(25);
      for (const [name, def] of Object.entries(FAULTS)) {
        expect(def.rule, name).to.be.a('string').and.not.empty;
        expect(def.description, name).to.be.a('string').and.not.empty;
      }
    });
  });

  describe('authentication', () => {
    const issueBody = () => ({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } });
    const unauthorized = envelope(401, 'Authentication failed. Please check username and password.');

    it('accepts Basic base64(username:md5hex(password))', async () => {
      expect((await c.issue(issueBody(), { auth: 'basic' })).status).to.equal(200);
    });

    it('accepts the X-CAP-API-OAUTH-TOKEN header', async () => {
      expect((await c.issue(issueBody(), { auth: 'oauth' })).status).to.equal(200);
    });

    it('answers 401 without credentials', async () => {
      const r = await c.issue(issueBody(), { auth: 'none' });
      expect(r.status).to.equal(401);
      expect(r.body).to.deep.equal(unauthorized);
    });

    it('answers 401 for a wrong password, a plain (unhashed) password and a wrong token', async () => {
      const { username, password } = c.fixtures.auth;
      const b64 = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
      const cases: Record<string, string>[] = [
        { Authorization: b64(`${username}:${md5hex(`${password}x`)}`) },
        { Authorization: b64(`${username}:${password}`) },
        { Authorization: b64(`${username}:${md5hex(password).toUpperCase()}`) },
        { Authorization: b64(`other:${md5hex(password)}`) },
        { Authorization: 'Bearer abc' },
        { 'X-CAP-API-OAUTH-TOKEN': 'not-the-token' },
      ];
      for (const headers of cases) {
        const r = await c.issue(issueBody(), { auth: headers });
        expect(r.status, JSON.stringify(headers)).to.equal(401);
        expect(r.body).to.deep.equal(unauthorized);
      }
    });
  });

  describe('routing and bodies', () => {
    it('answers 404 JSON for an unknown path', async () => {
      const r = await c.request('POST', '/v2/coupon/nope', {});
      expect(r.status).to.equal(404);
      expect(r.headers.get('content-type')).to.equal('application/json; charset=utf-8');
      expect(r.body.errors[0].code).to.equal(404);
    });

    it('answers 405 JSON with Allow for a known path and a wrong method', async () => {
      const r = await c.request('GET', '/v2/coupon/issue');
      expect(r.status).to.equal(405);
      expect(r.headers.get('allow')).to.equal('POST');
      expect(r.body.errors[0].code).to.equal(405);
      expect((await c.request('POST', '/v2/points/updateRedemption', {})).status).to.equal(405);
    });

    it('answers malformed JSON with 400 and the errors envelope (629 for coupons, 8015 for points)', async () => {
      for (const path of ['/v2/coupon/issue', '/v2/coupon/bulk/redeem']) {
        const r = await c.request('POST', path, undefined, { raw: '{"seriesId": 1,' });
        expect(r.status, path).to.equal(400);
        expect(r.body).to.deep.equal(envelope(629, 'Invalid Input'));
      }
      const u = await c.request('PUT', '/v2/coupon/redeem', undefined, { raw: 'not json' });
      expect(u.status).to.equal(400);
      expect(u.body).to.deep.equal(envelope(629, 'Invalid Input'));
      const p = await c.request('PUT', '/v2/points/updateRedemption', undefined, { raw: '{' });
      expect(p.status).to.equal(400);
      expect(p.body.errors[0].code).to.equal(8015);
    });

    it('answers 400 for a body that is not a JSON object (array, string, null, empty)', async () => {
      for (const raw of ['[]', '"x"', 'null', '42', '']) {
        const r = await c.request('POST', '/v2/coupon/issue', undefined, { raw });
        expect(r.status, raw).to.equal(400);
        expect(r.body.errors[0].code).to.equal(629);
      }
    });

    it('answers 413 to a body over 1 MiB, and keeps serving', async () => {
      const big = Buffer.alloc(BODY_LIMIT + 1, 0x20);
      const r = await c.request('POST', '/v2/coupon/bulk/redeem', undefined, { raw: big, timeoutMs: 10000 });
      expect(r.status).to.equal(413);
      expect(r.body.errors[0].code).to.equal(413);
      const exactly = Buffer.alloc(BODY_LIMIT, 0x20);
      exactly.write('{}', 0);
      const ok = await c.request('POST', '/v2/coupon/issue', undefined, { raw: exactly, timeoutMs: 10000 });
      expect(ok.status).to.equal(400);
      expect(ok.body.errors[0].code).to.equal(746); // read and parsed: a missing seriesId
    });

    it('answers 413 to a streamed (chunked) body over 1 MiB without reading it all', async () => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 8 * BODY_LIMIT) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(`${c.sim.baseUrl}/v2/coupon/issue`, {
        method: 'POST',
        headers: c.authHeaders(),
        body: stream,
        duplex: 'half',
        signal: AbortSignal.timeout(10000),
      } as RequestInit);
      expect(res.status).to.equal(413);
      await res.text();
      expect(sent).to.be.below(8 * BODY_LIMIT);
    });

    it('never answers a 5xx to garbage HTTP', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(c.sim.port, '127.0.0.1');
        let data = '';
        socket.setTimeout(3000, () => reject(new Error('timeout')));
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        socket.end('THIS IS NOT HTTP\r\n\r\n');
      });
      expect(raw).to.match(/^HTTP\/1\.1 400 /);
      expect(raw).to.contain('"code":629');
    });

    it('answers every JSON response with application/json; charset=utf-8', async () => {
      const r = await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } });
      expect(r.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    });
  });

  describe('stats and stop', () => {
    it('counts requests, operations, statuses, writes and arrival times', async () => {
      const s = await start();
      const before = Date.now();
      await s.issueCode(0);
      await s.dryRun(['NOPE']);
      await s.redeem(['NOPE']);
      await s.updatePoints({ redemptionId: s.fixtures.pointsRedemptions[0]!.redemptionId, purpose: 'x' });
      await s.request('GET', '/nowhere');
      const st = s.sim.stats();
      expect(st.requests).to.equal(5);
      expect(st.byOperation).to.deep.equal({ 'coupon-issue': 1, 'bulk-redeem': 2, 'points-update': 1, unknown: 1 });
      expect(st.byStatus).to.deep.equal({ 200: 2, 400: 2, 404: 1 });
      expect(st.writes).to.equal(2); // the issue and the real redeem, not the dry run
      expect(st.updates).to.equal(1);
      expect(st.timestamps).to.have.length(5);
      for (const t of st.timestamps) expect(t).to.be.within(before - 5, Date.now() + 5);
    });

    it('keeps at most the last 10000 timestamps', async function () {
      this.timeout(15000);
      const s = await start();
      // 10500 pipelined requests on one keep-alive socket: fast, and every one is counted.
      const port = s.sim.port;
      const one = 'GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        socket.setTimeout(10000, () => reject(new Error('timeout')));
        socket.on('error', reject);
        socket.on('data', () => {});
        socket.on('close', () => resolve());
        socket.end(one.repeat(10499) + 'GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      });
      const st = s.sim.stats();
      expect(st.requests).to.equal(10500);
      expect(st.byStatus).to.deep.equal({ 404: 10500 });
      expect(st.timestamps).to.have.length(10000);
    });

    it('stop() closes idle and hung sockets and resolves', async () => {
      const sim = await startSimulator({ faults: ['hang'] });
      const s = { baseUrl: sim.baseUrl };
      const hung = fetch(`${s.baseUrl}/v2/coupon/bulk/redeem`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5000) }).then(
        () => 'answered',
        () => 'closed',
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(sim.stats().openConnections).to.equal(1);
      const t0 = Date.now();
      await sim.stop();
      expect(Date.now() - t0).to.be.below(1000);
      expect(await hung).to.equal('closed');
      await sim.stop(); // idempotent
    });
  });
});
