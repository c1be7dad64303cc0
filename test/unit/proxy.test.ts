// A corporate network: HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and lowercase) honoured as curl
// does. A small proxy on loopback (node:http: absolute-URI forwarding and CONNECT tunnels)
// counts what passes through it: the Client sends through it when the environment says so,
// and straight to the host when NO_PROXY covers it. HTTPS goes through a CONNECT tunnel to a
// TLS host whose certificate is trusted only through NODE_EXTRA_CA_CERTS (the README's advice).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { createRedactor } from '../../src/redact.ts';
import { ROOT } from '../support/cli.ts';

const run = promisify(execFile);
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'];
const TLS_DIR = join(ROOT, 'test/fixtures/tls');

const listen = async (server: net.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};
const close = (server: http.Server) => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
};

describe('client: proxy variables as curl reads them', function () {
  this.timeout(30_000);
  let target: http.Server;
  let tlsTarget: https.Server;
  let proxy: http.Server;
  let targetUrl: string;
  let tlsUrl: string;
  let proxyUrl: string;
  const arrivals: string[] = [];
  const forwarded: string[] = [];
  const tunnels: string[] = [];
  const saved: Record<string, string | undefined> = {};

  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    arrivals.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  };

  before(async () => {
    for (const k of PROXY_VARS) saved[k] = process.env[k];
    target = http.createServer(answer);
    targetUrl = `http://127.0.0.1:${await listen(target)}`;
    tlsTarget = https.createServer({ key: readFileSync(join(TLS_DIR, 'loopback-key.pem')), cert: readFileSync(join(TLS_DIR, 'loopback-cert.pem')) }, answer);
    tlsUrl = `https://127.0.0.1:${await listen(tlsTarget)}`;
    proxy = http.createServer((req, res) => {
      // A forward proxy: the request line carries the absolute URL.
      forwarded.push(`${req.method} ${req.url}`);
      const url = new URL(req.url!);
      const upstream = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels.push(req.url!);
      const [host, port] = req.url!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
    getContract();
  });
  after(async () => {
    for (const k of PROXY_VARS) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    await Promise.all([close(target), close(tlsTarget), close(proxy)]);
  });
  beforeEach(() => {
    for (const k of PROXY_VARS) delete process.env[k];
    arrivals.length = forwarded.length = tunnels.length = 0;
  });

  const send = async (baseUrl = targetUrl) => {
    const auth = { oauthToken: 'proxy-test-token' };
    const client = new Client(getContract(), { baseUrl, auth, timeoutMs: 5000, maxRpm: null, remote: false, allowWrites: false, redact: createRedactor(auth) });
    const ex = await client.send({ operation: 'bulkRedeemCoupons', query: { is_redeemable: 'true' }, body: {} });
    client.close();
    return ex;
  };

  it('HTTP_PROXY: an http host is reached through the proxy (absolute-URI request)', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    const ex = await send();
    expect(ex.response?.status, ex.error).to.equal(200);
    expect(forwarded).to.deep.equal([`POST ${targetUrl}/v2/coupon/bulk/redeem?is_redeemable=true`]);
    expect(arrivals).to.deep.equal(['POST /v2/coupon/bulk/redeem?is_redeemable=true']);
  });

  it('http_proxy (lower case) works the same', async () => {
    process.env.http_proxy = proxyUrl;
    expect((await send()).response?.status).to.equal(200);
    expect(forwarded).to.have.length(1);
  });

  it('NO_PROXY covering the host (by address, by name:port list, or *) sends it direct', async () => {
    const port = new URL(targetUrl).port;
    for (const noProxy of ['127.0.0.1', `localhost,127.0.0.1:${port}`, '*']) {
      process.env.HTTP_PROXY = proxyUrl;
      process.env.NO_PROXY = noProxy;
      expect((await send()).response?.status, noProxy).to.equal(200);
    }
    expect(forwarded, 'nothing went through the proxy').to.deep.equal([]);
    expect(arrivals).to.have.length(3);
  });

  it('NO_PROXY for another host, or on another port, does not bypass the proxy', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = 'api.example.com,127.0.0.1:1';
    expect((await send()).response?.status).to.equal(200);
    expect(forwarded).to.have.length(1);
  });

  it('HTTPS_PROXY does not apply to an http host, and no variable means direct', async () => {
    process.env.HTTPS_PROXY = proxyUrl;
    expect((await send()).response?.status).to.equal(200);
    delete process.env.HTTPS_PROXY;
    expect((await send()).response?.status).to.equal(200);
    expect(forwarded).to.deep.equal([]);
    expect(tunnels).to.deep.equal([]);
  });

  it('HTTPS_PROXY: an https host is reached through a CONNECT tunnel; its private CA is trusted via NODE_EXTRA_CA_CERTS, and not without it', async () => {
    const child = (extra: Record<string, string>) =>
      run(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/proxy-client.ts'), tlsUrl], {
        cwd: ROOT, timeout: 20_000,
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROXY_VARS.includes(k) && k !== 'NODE_EXTRA_CA_CERTS')), HTTPS_PROXY: proxyUrl, ...extra },
      }).then((r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: number | null; error: string | null });
    const trusted = await child({ NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'loopback-cert.pem') });
    expect(trusted, JSON.stringify(trusted)).to.deep.equal({ status: 200, error: null });
    expect(tunnels).to.deep.equal([new URL(tlsUrl).host]);
    expect(forwarded, 'the request itself stays inside the tunnel').to.deep.equal([]);
    expect(arrivals).to.deep.equal(['POST /v2/coupon/bulk/redeem?is_redeemable=true']);
    const untrusted = await child({});
    expect(untrusted.status).to.equal(null);
    expect(untrusted.error).to.match(/certificate/i);
    expect(tunnels).to.have.length(2);
  });
});
