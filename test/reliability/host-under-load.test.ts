// [reliability] The reference host under concurrent load.
// - 1 000 concurrent redemptions of one coupon give exactly one success: already covered by
//   test/simulator/bulk-redeem.test.ts ("redeems one coupon exactly once under 1000 concurrent
//   requests; the rest get 711, none a 5xx"), not repeated here.
// - 200 concurrent malformed requests (broken JSON, JSON that is not an object, wrong types,
//   oversized, bad credentials), spread over the four endpoints, give 200 answers, all 4xx
//   with a JSON body, none a 5xx; and the host still serves a valid request afterwards.
import { expect } from 'chai';
import { ENDPOINTS, start, stopAll, type Client } from '../simulator/support.ts';

/** Bodies no endpoint can accept, with the credentials to send them with. */
const MALFORMED: { what: string; raw: string | Buffer; auth?: 'none' | Record<string, string> }[] = [
  { what: 'truncated JSON', raw: '{"seriesId": 544770, "customer": {' },
  { what: 'not JSON at all', raw: 'seriesId=544770&customer=1' },
  { what: 'a JSON array', raw: '[1, 2, 3]' },
  { what: 'JSON null', raw: 'null' },
  { what: 'a JSON string', raw: '"redeem"' },
  { what: 'an empty body', raw: '' },
  { what: 'an empty object', raw: '{}' },
  { what: 'every field of the wrong type', raw: JSON.stringify({ seriesId: 'x', customer: 7, redemptionRequestList: 'all', user: [], billAmount: {}, redemptions: 1, redemptionId: true, entity: 'x' }) },
  { what: 'invalid UTF-8', raw: Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('{"a":1}')]) },
  { what: 'deeply nested arrays', raw: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { what: 'no credentials', raw: '{}', auth: 'none' },
  { what: 'a wrong Basic token', raw: '{}', auth: { Authorization: 'Basic bm9ib2R5Om5vdGhpbmc=' } },
];

describe('[reliability] the reference host under load', function () {
  this.timeout(60_000);
  let c: Client;
  before(async () => {
    c = await start();
  });
  after(stopAll);

  it('answers 200 concurrent malformed requests with 200 4xx answers (JSON), none a 5xx', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => {
      const [method, path, query] = ENDPOINTS[i % ENDPOINTS.length];
      const bad = MALFORMED[i % MALFORMED.length];
      return c.request(method, path, undefined, { raw: bad.raw, query, auth: bad.auth ?? 'basic', timeoutMs: 20_000 }).then(
        (r) => ({ label: `${method} ${path}?${query} with ${bad.what}`, status: r.status, json: r.body !== undefined }),
        (err: Error) => ({ label: `${method} ${path}?${query} with ${bad.what}`, status: 0, json: false, error: err.message }),
      );
    });
    const replies = await Promise.all(requests);
    const wrong = replies.filter((r) => r.status < 400 || r.status >= 500 || !r.json);
    expect(wrong, 'answers that are not a 4xx with a JSON body').to.deep.equal([]);
    const stats = c.sim.stats();
    expect(stats.requests).to.equal(200);
    expect(Object.keys(stats.byStatus).filter((s) => Number(s) >= 500)).to.deep.equal([]);
    expect(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)).to.equal(200);
    // and the host still works
    expect((await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } })).status).to.equal(200);
  });
});
