// [simulator] Any input whatsoever: never a 5xx, always a JSON answer. A seeded random walk
// over field names the endpoints know, with values of every JSON type.
import { expect } from 'chai';
import { type Client, ENDPOINTS, start, stopAll } from './support.ts';
// mulberry32, the simulator's own seeded PRNG, so a failure replays.
import { prng } from '../../simulator/readings.ts';


const KEYS = [
  'seriesId', 'customer', 'id', 'mobile', 'externalId', 'email', 'redemptionRequestList', 'code', 'redemptionTime',
  'transactionNumber', 'billAmount', 'user', 'redemptions', 'redemptionId', 'billId', 'customFields', 'externalReferenceNumber',
  'billNumber', 'purpose', 'entity', 'type', 'identifierType', 'identifierValue', '__proto__', 'constructor', 'x',
];

describe('[simulator] robustness', () => {
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  it('never answers a 5xx, and always JSON, to 600 random bodies', async function () {
    this.timeout(20000);
    const seed = 20240601;
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const known = () => [
      c.fixtures.seriesId, c.customer(0).id, c.customer(1).mobile, c.customer(0).email, c.fixtures.pointsRedemptions[0]!.redemptionId,
      'CUSTOMER', 'mobile', 18958125, '3500',
    ];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.45) {
        return pick<unknown>([null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 63, '', ' ', 'x', '\u0000', '💥', '1', 'true', ...known()]);
      }
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 5); i > 0; i--) o[pick(KEYS)] = value(depth + 1);
      return o;
    };
    const targets = ENDPOINTS;
    const failures: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const requests = Array.from({ length: 30 }, () => {
        const [method, path, query] = pick(targets);
        const body = rnd() < 0.9 ? JSON.stringify(value(0)) : pick(['{', '{"a":', '\u00ff\u00fe', 'null', '[1,2', '{"seriesId":1}}']);
        return c.request(method, path, undefined, { raw: body, query }).then((r) => {
          const isJson = r.headers.get('content-type') === 'application/json; charset=utf-8' && r.body !== undefined;
          if (r.status >= 500 || !isJson) failures.push(`${method} ${path}?${query} ${body} -> ${r.status} ${r.text.slice(0, 200)}`);
        });
      });
      await Promise.all(requests);
    }
    expect(failures, `seed ${seed}`).to.deep.equal([]);
    expect(c.sim.stats().requests).to.equal(600);
  });
});
