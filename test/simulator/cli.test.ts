// [cli] node bin/simulator.js: one JSON line when ready, clean stop on SIGTERM, exit 2 on usage errors.
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/simulator.js', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const children = new Set<ChildProcess>();

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

async function firstLine(r: Run): Promise<string> {
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const i = r.stdout().indexOf('\n');
        if (i >= 0) resolve(r.stdout().slice(0, i));
      };
      r.child.stdout!.on('data', check);
      r.exit.then((code) => reject(new Error(`exited ${code}: ${r.stderr()}`)));
      check();
    }),
    15000,
    'the ready line',
  );
}

describe('[simulator] [cli] bin/simulator.js', function () {
  this.timeout(30000);
  after(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('prints one JSON line {baseUrl, fixtures, readings, oauth}, serves, and exits 0 on SIGTERM', async () => {
    const r = run(['--port', '0', '--bulk-max', '7', '--token-ttl', '30']);
    const ready = JSON.parse(await firstLine(r));
    expect(ready).to.have.all.keys('baseUrl', 'fixtures', 'readings', 'oauth');
    expect(ready.readings['points-entity']).to.equal('optional');
    expect(ready.oauth).to.have.all.keys('key', 'secret', 'tokenTtlSeconds');
    expect(ready.oauth.tokenTtlSeconds).to.equal(30);
    expect(ready.baseUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.fixtures.limits.bulkRedeemMax).to.equal(7);
    const res = await fetch(`${ready.baseUrl}/v2/coupon/issue`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5000) });
    expect(res.status).to.equal(401);
    await res.text();
    r.child.kill('SIGTERM');
    expect(await withTimeout(r.exit, 10000, 'exit after SIGTERM')).to.equal(0);
    expect(r.stdout().trim().split('\n')).to.have.length(1);
  });

  it('exits 0 on SIGINT, also with a hung request open', async () => {
    const r = run(['--fault', 'hang,auth-bypass']);
    const { baseUrl } = JSON.parse(await firstLine(r));
    const hung = fetch(`${baseUrl}/v2/coupon/bulk/redeem`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(8000) }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    r.child.kill('SIGINT');
    expect(await withTimeout(r.exit, 10000, 'exit after SIGINT')).to.equal(0);
    expect(await hung).to.equal('closed');
  });

  it('exits 2 naming an unknown fault and listing the valid ones', async () => {
    const r = run(['--fault', 'bulk-partial,no-such-fault']);
    expect(await withTimeout(r.exit, 10000, 'exit')).to.equal(2);
    expect(r.stderr()).to.contain('no-such-fault').and.contain('bulk-partial').and.contain('connection-reset');
    expect(r.stdout()).to.equal('');
  });

  it('exits 2 on an unknown option or a bad number', async () => {
    const cases = [['--bogus'], ['--port', 'eighty'], ['--bulk-max', '0'], ['--port', '70000'], ['--fault', 'slow=fast']];
    const runs = cases.map((args) => ({ args, r: run(args) }));
    for (const { args, r } of runs) {
      expect(await withTimeout(r.exit, 10000, args.join(' ')), args.join(' ')).to.equal(2);
      expect(r.stderr()).to.contain('Valid faults:');
    }
  });
  it('exits 2 naming an unknown reading point or name, and on --readings without random or --seed', async () => {
    const cases: [string[], string][] = [
      [['--reading', 'no-such-point=x'], 'no-such-point'],
      [['--reading', 'points-entity=sometimes'], 'sometimes'],
      [['--reading', 'points-entity'], 'POINT=NAME'],
      [['--readings', 'all'], 'random'],
      [['--readings', 'random'], '--seed'],
      [['--seed', '3'], '--readings random'],
    ];
    // One at a time: a burst of node start-ups is slow on a loaded machine.
    for (const [args, named] of cases) {
      const r = run(args);
      expect(await withTimeout(r.exit, 20000, args.join(' ')), args.join(' ')).to.equal(2);
      expect(r.stderr(), args.join(' ')).to.contain(named);
      expect(r.stdout()).to.equal('');
    }
  });

  it('takes --reading (repeatable) and --readings random --seed N, and prints the combination in its ready line', async () => {
    const chosen = run(['--reading', 'points-entity=required', '--reading', 'bulk-batch-limit=100']);
    const ready = JSON.parse(await firstLine(chosen));
    expect(ready.readings['points-entity']).to.equal('required');
    expect(ready.readings['bulk-batch-limit']).to.equal('100');
    expect(ready.fixtures.limits.bulkRedeemMax).to.equal(100);
    expect(ready.readings['key-order']).to.equal('page');
    const [a, b] = [run(['--readings', 'random', '--seed', '11']), run(['--readings', 'random', '--seed', '11'])];
    const [ra, rb] = [JSON.parse(await firstLine(a)).readings, JSON.parse(await firstLine(b)).readings];
    expect(ra).to.deep.equal(rb);
    for (const r of [chosen, a, b]) r.child.kill('SIGTERM');
    for (const r of [chosen, a, b]) expect(await withTimeout(r.exit, 10000, 'exit')).to.equal(0);
  });

  it('--latency MS delays every answer', async () => {
    const r = run(['--latency', '400']);
    const { baseUrl } = JSON.parse(await firstLine(r));
    const t = Date.now();
    const res = await fetch(`${baseUrl}/v2/coupon/issue`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5000) });
    await res.text();
    expect(res.status).to.equal(401);
    expect(Date.now() - t).to.be.at.least(400);
    r.child.kill('SIGTERM');
    expect(await withTimeout(r.exit, 10000, 'exit')).to.equal(0);
  });
});
