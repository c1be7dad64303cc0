// [simulator] [readings] The reference host's reading switches (simulator/readings.ts):
// its list of points and reading names is exactly the inventory in openapi.yaml (x-readings),
// unknown points or names are refused, the random draw is deterministic, and every reading of
// every point changes, over HTTP, the behaviour its entry says (one probe per point, run
// against a simulator taking each reading alone). Also --latency / latencyMs.
import { expect } from 'chai';
import { readReadings } from '../../src/contract/readings.ts';
import { READING_POINTS, READING_POINT_IDS, UnknownReadingError, defaultReadings, randomReadings } from '../../simulator/readings.ts';
import { FaultConfigError, startSimulator } from '../../simulator/index.ts';
import { type Client, type Reply, start, stopAll } from './support.ts';

/** Every numeric `code` anywhere in a body, in document order. */
function codes(body: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'code' && typeof x === 'number') out.push(x);
        else walk(x);
      }
    }
  };
  walk(body);
  return [...new Set(out)];
}
const keys = (r: Reply) => Object.keys(r.body ?? {}).sort();
const UNKNOWN_ID = 987_654_321;

async function redemptionId(c: Client): Promise<number> {
  const code = await c.issueCode(0);
  const r = await c.redeem([code]);
  expect(r.status, r.text).to.equal(200);
  return Number(r.body.response[0].result.redemptionId);
}
function couponUpdate(c: Client, ids: number[], customFields: unknown = { cf: 'x' }) {
  return c.updateCoupon({ redemptions: ids.map((redemptionId) => ({ redemptionId, billAmount: 100, customFields })), user: { mobile: c.customer(0).mobile } });
}
function pointsBody(c: Client, extra: Record<string, unknown> = {}) {
  const r = c.fixtures.pointsRedemptions[0]!;
  return { redemptionId: r.redemptionId, billNumber: 'B-1', entity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: r.customer.mobile }, ...extra };
}
function bulkBody(c: Client, codes: string[], extra: Record<string, unknown> = {}) {
  return { redemptionRequestList: codes.map((code) => ({ code })), transactionNumber: 'txn-1', billAmount: '3500', user: { mobile: c.customer(0).mobile }, ...extra };
}
const DRY = { query: 'is_redeemable=true' };
const unknownCodes = (n: number) => Array.from({ length: n }, (_, i) => `zz-unknown-${i}`);

/** Per point: what to observe, and what each reading must show. */
const PROBES: Record<string, { probe(c: Client): Promise<unknown>; expected: Record<string, unknown> }> = {
  'key-order': {
    probe: async (c) => Object.keys((await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } })).body)[0],
    expected: { page: 'code', reversed: 'warnings' },
  },
  'message-wording': {
    probe: async (c) => (await c.updatePoints({ billNumber: 'x' })).body.errors[0].message,
    expected: { page: 'Exactly one redemption identifier needed to identify redemption.', reworded: '[vendor wording] code 749' },
  },
  'malformed-json-code': {
    probe: async (c) => [codes((await c.issue(undefined, { raw: '{' })).body), codes((await c.updatePoints(undefined, { raw: '{' })).body)],
    expected: { 'page-family': [[629], [8015]], '400': [[400], [400]], '629': [[629], [629]], none: [[], []] },
  },
  'unauthorized-body': {
    probe: async (c) => {
      const r = await c.issue({}, { auth: 'none' });
      return [r.status, (r.headers.get('content-type') ?? '').split(';')[0], codes(r.body)];
    },
    expected: { envelope: [401, 'application/json', [401]], empty: [401, 'application/json', []], text: [401, 'text/plain', []] },
  },
  'customer-identifier-precedence': {
    probe: async (c) => {
      const two = await c.issue({ seriesId: c.fixtures.seriesId, customer: { mobile: c.customer(0).mobile, email: c.customer(1).email } });
      const blank = await c.issue({ seriesId: c.fixtures.seriesId, customer: { mobile: '', externalId: c.customer(0).externalId } });
      return [two.status, blank.status];
    },
    expected: { 'all-must-match': [400, 200], 'first-non-empty': [200, 200], 'first-present': [200, 400] },
  },
  'customer-busy': {
    probe: async (c) => {
      const body = { seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } };
      const answers = await Promise.all([c.issue(body), c.issue(body)]);
      return answers.map((a) => a.status).sort();
    },
    expected: { serial: [200, 200], 'busy-521': [200, 521] },
  },
  'rate-limit': {
    probe: async (c) => {
      const statuses: number[] = [];
      for (let i = 0; i < 101; i++) statuses.push((await c.issue({}, { auth: 'none' })).status);
      const last = await c.issue({}, { auth: 'none' });
      return [statuses.filter((s) => s === 429).length, last.status, Number(last.headers.get('retry-after') ?? 0) > 0];
    },
    expected: { unlimited: [0, 401, false], '1000-per-minute': [0, 401, false], '100-per-minute': [1, 429, true] },
  },
  'issue-refusal-status': {
    probe: async (c) => (await c.issue({ seriesId: 1, customer: { id: c.customer(0).id } })).status,
    expected: { '400': 400, '422': 422 },
  },
  'issue-refusal-envelope': {
    probe: async (c) => keys(await c.issue({ seriesId: 1, customer: { id: c.customer(0).id } })),
    expected: { 'errors-envelope': ['errors', 'warnings'], 'status-object': ['code', 'message', 'status'] },
  },
  'issue-unknown-series-code': {
    probe: async (c) => codes((await c.issue({ seriesId: 1, customer: { id: c.customer(0).id } })).body),
    expected: { '707': [707], '755': [755] },
  },
  'issue-missing-series-code': {
    probe: async (c) => codes((await c.issue({ customer: { id: c.customer(0).id } })).body),
    expected: { '746': [746], '629': [629] },
  },
  'issue-unknown-customer-code': {
    probe: async (c) => codes((await c.issue({ seriesId: c.fixtures.seriesId, customer: { externalId: 'zz-nobody' } })).body),
    expected: { '701': [701], '721': [721] },
  },
  'issue-profiles-type': {
    probe: async (c) => {
      const p = (await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } })).body.customer.profiles;
      return [Array.isArray(p), Array.isArray(p.identifiers ?? p[0].identifiers)];
    },
    expected: { array: [true, true], object: [false, false] },
  },
  'bulk-batch-limit': {
    probe: async (c) => [c.fixtures.limits.bulkRedeemMax, codes((await c.bulk(bulkBody(c, unknownCodes(51)), DRY)).body).includes(629)],
    expected: { '50': [50, true], '100': [100, false] },
  },
  'bulk-over-limit-code': {
    probe: async (c) => codes((await c.bulk(bulkBody(c, unknownCodes(51)), DRY)).body),
    expected: { '629': [629], '1060': [1060] },
  },
  'bulk-invalid-input-envelope': {
    probe: async (c) => keys(await c.bulk(bulkBody(c, []), DRY)),
    expected: { 'response-list': ['failureCount', 'response', 'totalCount'], 'errors-envelope': ['errors', 'warnings'], 'status-object': ['code', 'message', 'status'] },
  },
  'bulk-bill-amount-type': {
    probe: async (c) => {
      const code = await c.issueCode(0);
      return [(await c.bulk(bulkBody(c, [code], { billAmount: 3500 }), DRY)).status, (await c.bulk(bulkBody(c, [code], { billAmount: '3500' }), DRY)).status];
    },
    expected: { 'string-or-number': [200, 200], string: [400, 200] },
  },
  'bulk-bill-amount-required': {
    probe: async (c) => {
      const { billAmount: _b, ...body } = bulkBody(c, [await c.issueCode(0)]);
      return (await c.bulk(body, DRY)).status;
    },
    expected: { required: 400, optional: 200 },
  },
  'bulk-redemption-time-format': {
    probe: async (c) => {
      const code = await c.issueCode(0);
      const at = async (redemptionTime: string) => (await c.bulk(bulkBody(c, [code], { redemptionTime }), DRY)).status;
      return [await at('2025-09-28 14:00:00'), await at('2025-09-28T14:00:00+05:30')];
    },
    expected: { any: [200, 200], table: [200, 400], iso: [400, 200] },
  },
  'bulk-transaction-number': {
    probe: async (c) => {
      const { transactionNumber: _t, ...body } = bulkBody(c, [await c.issueCode(0)]);
      const r = await c.bulk(body, DRY);
      return [r.status, codes(r.body)];
    },
    expected: { optional: [200, [700]], required: [400, [718]] },
  },
  'bulk-untyped-fields': {
    probe: async (c) => (await c.bulk(bulkBody(c, [await c.issueCode(0)], { transactionNumber: 42 }), DRY)).status,
    expected: { strict: 400, lenient: 200 },
  },
  'bulk-dry-run-parameter': {
    probe: async (c) => {
      const dry = async (query: string) => String((await c.redeem([await c.issueCode(0)], 0, { query })).body.response[0].result.redemptionId) === '-1';
      return [await dry('is_redeemable=true'), await dry('isredeemable=true')];
    },
    expected: { both: [true, true], table: [true, false], prose: [false, true] },
  },
  'bulk-dry-run-message': {
    probe: async (c) => (await c.dryRun([await c.issueCode(0)])).body.response[0].result.redemptionStatus.message,
    expected: { isredeem: 'Coupon isRedeem successful', processing: 'Coupon processing successful' },
  },
  'bulk-failure-status': {
    probe: async (c) => (await c.redeem(['zz-unknown-1'])).status,
    expected: { '400': 400, '422': 422, '200': 200 },
  },
  'bulk-failure-envelope': {
    probe: async (c) => keys(await c.redeem([await c.issueCode(0), 'zz-unknown-1'])),
    expected: { 'response-list': ['failureCount', 'response', 'totalCount'], 'errors-envelope': ['errors', 'warnings'], 'status-object': ['code', 'message', 'status'] },
  },
  'bulk-failure-count': {
    probe: async (c) => (await c.redeem([await c.issueCode(0), 'zz-unknown-1'])).body.failureCount,
    expected: { all: 2, own: 1 },
  },
  'bulk-failure-entry-detail': {
    probe: async (c) => 'couponValue' in (await c.redeem(['zz-unknown-1'])).body.response[0].result,
    expected: { full: true, minimal: false },
  },
  'bulk-entry-order': {
    probe: async (c) => {
      const [a, b] = [await c.issueCode(0), await c.issueCode(0)];
      const order = (await c.dryRun([a, b])).body.response.map((e: any) => e.result.code);
      return order[0] === a && order[1] === b;
    },
    expected: { request: true, reversed: false },
  },
  'bulk-redemption-id-type': {
    probe: async (c) => typeof (await c.redeem([await c.issueCode(0)])).body.response[0].result.redemptionId,
    expected: { string: 'string', integer: 'number' },
  },
  'bulk-number-notation': {
    probe: async (c) => typeof (await c.dryRun([await c.issueCode(0)])).body.response[0].result.couponValue,
    expected: { numbers: 'number', strings: 'string' },
  },
  'bulk-unknown-coupon-code': {
    probe: async (c) => codes((await c.redeem(['zz-unknown-1'])).body),
    expected: { '702': [702], '719': [719], '780': [780] },
  },
  'bulk-foreign-coupon-code': {
    probe: async (c) => codes((await c.redeem([await c.issueCode(1)], 0)).body),
    expected: { '703': [703], '710': [710], '723': [723] },
  },
  'bulk-already-redeemed-code': {
    probe: async (c) => {
      const code = await c.issueCode(0);
      await c.redeem([code]);
      return codes((await c.redeem([code])).body);
    },
    expected: { '711': [711], '716': [716], '747': [747] },
  },
  'bulk-duplicate-code': {
    probe: async (c) => {
      const code = await c.issueCode(0);
      return codes((await c.redeem([code, code])).body);
    },
    expected: { '716': [716], '747': [747] },
  },
  'bulk-empty-list-code': {
    probe: async (c) => codes((await c.bulk(bulkBody(c, []), DRY)).body),
    expected: { '629': [629], '781': [781] },
  },
  'bulk-no-identifier-code': {
    probe: async (c) => codes((await c.bulk(bulkBody(c, ['zz-unknown-1'], { user: {} }), DRY)).body),
    expected: { '701': [701], '721': [721], '629': [629] },
  },
  'bulk-check-order': {
    probe: async (c) => codes((await c.bulk(bulkBody(c, [await c.issueCode(0)], { user: { externalId: 'zz-nobody' } }), DRY)).body),
    expected: { 'user-first': [701], 'coupons-first': [703] },
  },
  'coupon-update-all-failed-status': {
    probe: async (c) => (await couponUpdate(c, [UNKNOWN_ID])).status,
    expected: { '400': 400, '200': 200, '201': 201 },
  },
  'coupon-update-all-failed-code': {
    probe: async (c) => (await couponUpdate(c, [UNKNOWN_ID])).body.entity.status.code,
    expected: { '510': 510, '500': 500 },
  },
  'coupon-update-partial-status': {
    probe: async (c) => (await couponUpdate(c, [await redemptionId(c), UNKNOWN_ID])).status,
    expected: { '200': 200, '201': 201 },
  },
  'coupon-update-custom-fields': {
    probe: async (c) => {
      const id = await redemptionId(c);
      return [(await couponUpdate(c, [id], { cf_a: 'x' })).status, (await couponUpdate(c, [id], [{ cf_a: 'x' }])).status];
    },
    expected: { 'object-or-array': [200, 200], object: [200, 400], array: [400, 200] },
  },
  'coupon-update-refusal-status': {
    probe: async (c) => (await c.updateCoupon({ redemptions: [], user: { mobile: c.customer(0).mobile } })).status,
    expected: { '400': 400, '422': 422 },
  },
  'coupon-update-refusal-envelope': {
    probe: async (c) => keys(await c.updateCoupon({ redemptions: [], user: { mobile: c.customer(0).mobile } })),
    expected: { 'errors-envelope': ['errors', 'success', 'warnings'], 'status-object': ['code', 'message', 'status'] },
  },
  'coupon-update-no-redemption-id-code': {
    probe: async (c) => codes((await c.updateCoupon({ redemptions: [], user: { mobile: c.customer(0).mobile } })).body),
    expected: { '661': [661], '629': [629] },
  },
  'coupon-update-failed-entry-echo': {
    probe: async (c) => (await couponUpdate(c, [await redemptionId(c), UNKNOWN_ID])).body.entity.redemptions[1].billAmount,
    expected: { request: 100, null: null },
  },
  'points-entity': {
    probe: async (c) => {
      const { entity: _e, ...body } = pointsBody(c);
      const r = await c.updatePoints(body);
      return [r.status, codes(r.body)];
    },
    expected: { optional: [200, []], required: [400, [1219]] },
  },
  'points-refusal-status': {
    probe: async (c) => (await c.updatePoints({ billNumber: 'x' })).status,
    expected: { '400': 400, '422': 422, '200': 200 },
  },
  'points-refusal-envelope': {
    probe: async (c) => keys(await c.updatePoints({ billNumber: 'x' })),
    expected: { 'errors-envelope': ['errors', 'warnings'], 'status-object': ['code', 'message', 'status'] },
  },
  'points-external-reference-echo': {
    probe: async (c) => 'externalReferenceNumber' in (await c.updatePoints(pointsBody(c))).body,
    expected: { present: true, absent: false },
  },
  'points-epoch-unit': {
    probe: async (c) => (await c.updatePoints(pointsBody(c))).body.redemptionTime > 1e12,
    expected: { milliseconds: true, seconds: false },
  },
  'points-date-format': {
    probe: async (c) => (await c.updatePoints(pointsBody(c))).body.redemptionDate.slice(19),
    expected: { utc: 'Z', offset: '+05:30' },
  },
};

describe('[simulator] [readings] reading switches', function () {
  this.timeout(60_000);
  after(stopAll);

  it("the simulator's points and reading names are exactly the inventory in openapi.yaml (x-readings), defaults first", () => {
    const inventory = readReadings();
    const fromDocument = inventory.map((p) => [p.id, [p.default, ...p.readings.map((r) => r.name).filter((n) => n !== p.default)]]);
    const fromSimulator = READING_POINT_IDS.map((p) => [p, [...READING_POINTS[p]]]);
    expect(Object.fromEntries(fromSimulator)).to.deep.equal(Object.fromEntries(fromDocument));
    expect(inventory.map((p) => p.id).sort()).to.deep.equal([...READING_POINT_IDS].sort());
  });

  it('throws on an unknown point or reading name, naming it', async () => {
    await startSimulator({ readings: { 'no-such-point': 'x' } }).then(() => expect.fail('started'), (err) => {
      expect(err).to.be.instanceOf(UnknownReadingError).and.instanceOf(FaultConfigError);
      expect(err.message).to.include('no-such-point');
    });
    await startSimulator({ readings: { 'points-entity': 'sometimes' } }).then(() => expect.fail('started'), (err) => {
      expect(err).to.be.instanceOf(UnknownReadingError);
      expect(err.message).to.include('sometimes').and.include('points-entity');
    });
  });

  it('draws one valid reading per point from a seed, the same for the same seed, and says which (host.readings)', async () => {
    const a = randomReadings(42);
    expect(randomReadings(42)).to.deep.equal(a);
    for (const p of READING_POINT_IDS) expect(READING_POINTS[p] as readonly string[]).to.include(a[p]);
    const draws = new Set([1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(randomReadings(s))));
    expect(draws.size).to.equal(6);
    const alternatives = new Set([1, 2, 3, 4, 5, 6].flatMap((s) => Object.entries(randomReadings(s)).filter(([p, n]) => n !== READING_POINTS[p as keyof typeof READING_POINTS][0]).map(([p]) => p)));
    expect(alternatives.size).to.be.greaterThan(READING_POINT_IDS.length / 2);
    const c = await start({ readingsSeed: 42, readings: { 'points-entity': 'required' } });
    expect(c.sim.readings).to.deep.equal({ ...a, 'points-entity': 'required' });
    expect((await start()).sim.readings).to.deep.equal(defaultReadings());
  });

  it('has a probe for every point, with an expectation for every reading', () => {
    expect(Object.keys(PROBES).sort()).to.deep.equal([...READING_POINT_IDS].sort());
    for (const p of READING_POINT_IDS) expect(Object.keys(PROBES[p]!.expected).sort(), p).to.deep.equal([...READING_POINTS[p]].sort());
  });

  for (const point of READING_POINT_IDS) {
    for (const name of READING_POINTS[point]) {
      it(`${point}=${name}${name === READING_POINTS[point][0] ? ' (default)' : ''}: ${JSON.stringify(PROBES[point]?.expected[name])}`, async () => {
        const c = await start({ readings: { [point]: name } });
        expect(await PROBES[point]!.probe(c)).to.deep.equal(PROBES[point]!.expected[name]);
      });
    }
  }

  it('latencyMs delays every answer (a distant host); 0 does not', async () => {
    const timed = async (c: Client) => {
      const t = Date.now();
      await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id } });
      await c.issue({}, { auth: 'none' });
      return Date.now() - t;
    };
    expect(await timed(await start({ latencyMs: 300 }))).to.be.at.least(600);
    expect(await timed(await start())).to.be.below(300);
  });
});
