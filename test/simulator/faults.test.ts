// [faults] Every fault of simulator/faults.ts, shown against the clean host doing the same thing.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { FAULTS, FaultConfigError, type FaultName, type SimulatorOptions, startSimulator } from '../../simulator/index.ts';
import { type Client, entryCodes, start, stopAll } from './support.ts';

/** The same scenario on a clean host and on one with the fault. */
async function pair(fault: string, options: SimulatorOptions = {}): Promise<{ clean: Client; faulty: Client }> {
  const [clean, faulty] = await Promise.all([start(options), start({ ...options, faults: [fault] })]);
  return { clean: clean!, faulty: faulty! };
}

async function elapsed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = Date.now();
  const value = await fn();
  return [Date.now() - t0, value];
}

/** Resolves to how a fetch ended: 'answered' or the error's name / cause code. */
async function outcome(c: Client, path: string, body: unknown, timeoutMs: number): Promise<string> {
  try {
    await c.request('POST', path, body, { timeoutMs });
    return 'answered';
  } catch (err: any) {
    return err?.name === 'TimeoutError' ? 'timeout' : 'network-error';
  }
}

const issueBody = (c: Client, i: 0 | 1 = 0) => ({ seriesId: c.fixtures.seriesId, customer: { mobile: c.customer(i).mobile } });
const codes = (c: Client, n: number) => Promise.all(Array.from({ length: n }, () => c.issueCode(0)));
const redemptionOf = async (c: Client, i: 0 | 1) => Number((await c.redeem([await c.issueCode(i)], i)).body.response[0].result.redemptionId);

const SCENARIOS: Record<FaultName, () => Promise<void>> = {
  'issue-refuses-blank-identifiers': async () => {
    const { clean, faulty } = await pair('issue-refuses-blank-identifiers');
    for (const [c, status] of [[clean, 200], [faulty, 400]] as const) {
      // The page's own request shape: the real identifier, the others "".
      const r = await c.issue({ seriesId: c.fixtures.seriesId, customer: { id: c.customer(0).id, mobile: '', externalId: '', email: '' } });
      expect(r.status).to.equal(status);
      if (status === 400) expect(r.body.code ?? r.body.errors?.[0]?.code).to.equal(722);
      expect((await c.issue(issueBody(c))).status).to.equal(200); // without blanks: issued
    }
  },
  'dry-run-refuses-string-amount': async () => {
    const { clean, faulty } = await pair('dry-run-refuses-string-amount');
    for (const [c, status] of [[clean, 200], [faulty, 400]] as const) {
      const code = await c.issueCode(0);
      const body = { redemptionRequestList: [{ code }], user: { mobile: c.customer(0).mobile }, billAmount: '1000', transactionNumber: 'txn-1' };
      expect((await c.request('POST', '/v2/coupon/bulk/redeem?is_redeemable=true', body)).status).to.equal(status);
      expect((await c.request('POST', '/v2/coupon/bulk/redeem?is_redeemable=true', { ...body, billAmount: 1000 })).status).to.equal(200);
    }
  },
  'points-accepts-wrong-type-bill-number': async () => {
    const { clean, faulty } = await pair('points-accepts-wrong-type-bill-number');
    for (const [c, status] of [[clean, 400], [faulty, 200]] as const) {
      const r = c.fixtures.pointsRedemptions[0]!;
      expect((await c.updatePoints({ redemptionId: r.redemptionId, billNumber: { n: 1 } })).status).to.equal(status);
      expect((await c.updatePoints({ redemptionId: r.redemptionId, purpose: 7 })).status).to.equal(400); // other fields still typed
    }
  },
  'bulk-partial': async () => {
    const { clean, faulty } = await pair('bulk-partial');
    for (const [c, after] of [[clean, 200], [faulty, 400]] as const) {
      const good = await c.issueCode(0);
      expect((await c.redeem([good, 'NO-SUCH'])).status).to.equal(400);
      const again = await c.redeem([good]);
      expect(again.status).to.equal(after); // faulty: the good coupon was redeemed by the failing batch
      if (after === 400) expect(entryCodes(again)).to.deep.equal([711]);
    }
  },
  'bulk-limit-off-by-one': async () => {
    const { clean, faulty } = await pair('bulk-limit-off-by-one', { bulkMax: 3 });
    expect((await clean.redeem(await codes(clean, 4))).status).to.equal(400);
    expect((await faulty.redeem(await codes(faulty, 4))).status).to.equal(200);
    expect((await faulty.redeem(await codes(faulty, 5))).status).to.equal(400);
  },
  'bulk-limit-missing': async () => {
    const { clean, faulty } = await pair('bulk-limit-missing', { bulkMax: 3 });
    expect((await clean.redeem(await codes(clean, 10))).status).to.equal(400);
    expect((await faulty.redeem(await codes(faulty, 10))).status).to.equal(200);
  },
  'double-redeem': async () => {
    const { clean, faulty } = await pair('double-redeem');
    for (const [c, second] of [[clean, 400], [faulty, 200]] as const) {
      const code = await c.issueCode(0);
      expect((await c.redeem([code])).status).to.equal(200);
      expect((await c.redeem([code])).status).to.equal(second);
    }
  },
  'foreign-coupon': async () => {
    const { clean, faulty } = await pair('foreign-coupon');
    expect(entryCodes(await clean.redeem([await clean.issueCode(1)], 0))).to.deep.equal([703]);
    expect((await faulty.redeem([await faulty.issueCode(1)], 0)).status).to.equal(200);
  },
  'dry-run-redeems': async () => {
    const { clean, faulty } = await pair('dry-run-redeems');
    for (const [c, after] of [[clean, 200], [faulty, 400]] as const) {
      const code = await c.issueCode(0);
      const dry = await c.dryRun([code]);
      expect(dry.status).to.equal(200);
      expect(dry.body.response[0].result.redemptionId).to.equal('-1'); // looks like a dry run either way
      expect((await c.redeem([code])).status).to.equal(after);
    }
  },
  'dry-run-wrong-redemption-id': async () => {
    const { clean, faulty } = await pair('dry-run-wrong-redemption-id');
    expect((await clean.dryRun([await clean.issueCode(0)])).body.response[0].result.redemptionId).to.equal('-1');
    const code = await faulty.issueCode(0);
    expect((await faulty.dryRun([code])).body.response[0].result.redemptionId).to.match(/^[1-9]\d*$/);
    expect((await faulty.redeem([code])).status).to.equal(200); // nothing was redeemed
  },
  'dry-run-no-validation': async () => {
    const { clean, faulty } = await pair('dry-run-no-validation');
    expect(entryCodes(await clean.dryRun(['NO-SUCH']))).to.deep.equal([702]);
    const r = await faulty.dryRun(['NO-SUCH']);
    expect(r.status).to.equal(200);
    expect(entryCodes(r)).to.deep.equal([700]);
  },
  'redeem-race': async () => {
    const { clean, faulty } = await pair('redeem-race');
    const successes = async (c: Client) => {
      const code = await c.issueCode(0);
      const replies = await Promise.all(Array.from({ length: 20 }, () => c.redeem([code], 0, { timeoutMs: 5000 })));
      return replies.filter((r) => r.status === 200).length;
    };
    expect(await successes(clean)).to.equal(1);
    expect(await successes(faulty)).to.be.above(1);
  },
  'issue-schema-drift': async () => {
    const { clean, faulty } = await pair('issue-schema-drift');
    const ok = await clean.issue(issueBody(clean));
    expect(ok.body.code).to.be.a('string');
    expect(ok.body.seriesId).to.be.a('number');
    const r = await faulty.issue(issueBody(faulty));
    expect(r.status).to.equal(200);
    expect(r.body).to.not.have.property('code');
    expect(r.body.couponCode).to.be.a('string');
    expect(r.body.seriesId).to.equal(String(faulty.fixtures.seriesId));
  },
  'bulk-schema-drift': async () => {
    const { clean, faulty } = await pair('bulk-schema-drift');
    const ok = await clean.redeem([await clean.issueCode(0)]);
    expect(ok.body.totalCount).to.equal(1);
    expect(ok.body.response[0].result.redemptionStatus.code).to.equal(700);
    const r = await faulty.redeem([await faulty.issueCode(0)]);
    expect(r.status).to.equal(200);
    expect(r.body).to.not.have.property('totalCount');
    expect(r.body.response[0].result.redemptionStatus.code).to.equal('700');
  },
  'issue-unknown-series-200': async () => {
    const { clean, faulty } = await pair('issue-unknown-series-200');
    const body = (c: Client) => ({ seriesId: 1, customer: { id: c.customer(0).id } });
    expect((await clean.issue(body(clean))).body.errors[0].code).to.equal(707);
    const r = await faulty.issue(body(faulty));
    expect(r.status).to.equal(200);
    expect(r.body.code).to.be.a('string');
  },
  'issue-duplicate-code': async () => {
    const { clean, faulty } = await pair('issue-duplicate-code');
    expect(await clean.issueCode(0)).to.not.equal(await clean.issueCode(0));
    expect(await faulty.issueCode(0)).to.equal(await faulty.issueCode(0));
  },
  'update-status-wrong': async () => {
    const { clean, faulty } = await pair('update-status-wrong');
    for (const [c, overall] of [[clean, 762], [faulty, 761]] as const) {
      const id = await redemptionOf(c, 0);
      const r = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 1 }, { redemptionId: 1, billAmount: 1 }], user: { mobile: c.customer(0).mobile } });
      expect(r.body.entity.failedCount).to.equal(1);
      expect(r.body.entity.status.code).to.equal(overall);
    }
  },
  'update-foreign-redemption': async () => {
    const { clean, faulty } = await pair('update-foreign-redemption');
    for (const [c, status] of [[clean, 400], [faulty, 200]] as const) {
      const theirs = await redemptionOf(c, 1);
      const r = await c.updateCoupon({ redemptions: [{ redemptionId: theirs, billAmount: 1 }], user: { mobile: c.customer(0).mobile } });
      expect(r.status).to.equal(status);
    }
  },
  'points-both-identifiers': async () => {
    const { clean, faulty } = await pair('points-both-identifiers');
    const body = (c: Client) => ({ ...c.fixtures.pointsRedemptions[0]!, customer: undefined, purpose: 'x' });
    expect((await clean.updatePoints(body(clean))).body.errors[0].code).to.equal(749);
    expect((await faulty.updatePoints(body(faulty))).status).to.equal(200);
  },
  'points-wrong-code': async () => {
    const { clean, faulty } = await pair('points-wrong-code');
    expect((await clean.updatePoints({ purpose: 'x' })).body.errors[0].code).to.equal(749);
    const r = await faulty.updatePoints({ purpose: 'x' });
    expect(r.status).to.equal(400);
    expect(r.body.errors[0].code).to.equal(750);
  },
  'points-500-on-unknown': async () => {
    const { clean, faulty } = await pair('points-500-on-unknown');
    expect((await clean.updatePoints({ redemptionId: 'nope', purpose: 'x' })).status).to.equal(400);
    expect((await faulty.updatePoints({ redemptionId: 'nope', purpose: 'x' })).status).to.equal(500);
  },
  'points-update-not-stored': async () => {
    const { clean, faulty } = await pair('points-update-not-stored');
    for (const [c, billNumber] of [[clean, 'B-NEW'], [faulty, 'number7939623970']] as const) {
      const redemptionId = c.fixtures.pointsRedemptions[0]!.redemptionId;
      expect((await c.updatePoints({ redemptionId, billNumber: 'B-NEW' })).body.billNumber).to.equal('B-NEW');
      expect((await c.updatePoints({ redemptionId, purpose: 'later' })).body.billNumber).to.equal(billNumber);
    }
  },
  'malformed-500': async () => {
    const { clean, faulty } = await pair('malformed-500');
    expect((await clean.issue(undefined, { raw: '{oops' })).status).to.equal(400);
    expect((await faulty.issue(undefined, { raw: '{oops' })).status).to.equal(500);
  },
  'auth-bypass': async () => {
    const { clean, faulty } = await pair('auth-bypass');
    expect((await clean.issue(issueBody(clean), { auth: 'none' })).status).to.equal(401);
    expect((await faulty.issue(issueBody(faulty), { auth: 'none' })).status).to.equal(200);
    expect((await faulty.issue(issueBody(faulty), { auth: { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' } })).status).to.equal(200);
  },
  'echo-credentials': async () => {
    const { clean, faulty } = await pair('echo-credentials');
    const ok = await clean.issue(issueBody(clean));
    expect(ok.headers.get('x-echo-auth')).to.equal(null);
    expect(ok.body).to.not.have.property('debug');
    const r = await faulty.issue(issueBody(faulty));
    const authorization = faulty.authHeaders('basic').Authorization!;
    expect(r.headers.get('x-echo-auth')).to.contain(authorization);
    expect(r.body.debug.authorization).to.equal(authorization);
    const t = await faulty.issue(issueBody(faulty), { auth: 'oauth' });
    expect(t.body.debug.oauthToken).to.equal(faulty.fixtures.auth.oauthToken);
  },
  'wrong-content-type': async () => {
    const { clean, faulty } = await pair('wrong-content-type');
    expect((await clean.issue(issueBody(clean))).headers.get('content-type')).to.equal('application/json; charset=utf-8');
    const r = await faulty.issue(issueBody(faulty));
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/^text\/plain/);
    expect(r.body.code).to.be.a('string');
    expect((await faulty.issue({})).headers.get('content-type')).to.equal('application/json; charset=utf-8');
  },
  'truncated-json': async () => {
    const { clean, faulty } = await pair('truncated-json');
    expect((await clean.issue(issueBody(clean))).body).to.be.an('object');
    const r = await faulty.issue(issueBody(faulty));
    expect(r.status).to.equal(200);
    expect(r.body).to.equal(undefined); // not parseable
    expect(Number(r.headers.get('content-length'))).to.equal(Buffer.byteLength(r.text));
    expect(r.text.startsWith('{"code":"')).to.equal(true);
  },
  'bad-gateway-html': async () => {
    const { clean, faulty } = await pair('bad-gateway-html');
    expect((await clean.issue(issueBody(clean))).status).to.equal(200);
    for (const reply of [await faulty.issue(issueBody(faulty)), await faulty.updatePoints({}), await faulty.request('GET', '/x')]) {
      expect(reply.status).to.equal(502);
      expect(reply.headers.get('content-type')).to.match(/^text\/html/);
      expect(reply.text).to.contain('<html>');
    }
  },
  'rate-limit-429': async () => {
    const { clean, faulty } = await pair('rate-limit-429');
    const statuses = async (c: Client) => {
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push((await c.issue(issueBody(c))).status);
      return out;
    };
    expect(await statuses(clean)).to.deep.equal(Array(10).fill(200));
    expect(await statuses(faulty)).to.deep.equal([200, 200, 200, 200, 429, 200, 200, 200, 200, 429]);
    const r = await faulty.issue(issueBody(faulty));
    expect(r.status).to.equal(200);
    for (let i = 0; i < 3; i++) await faulty.issue(issueBody(faulty));
    const limited = await faulty.issue(issueBody(faulty));
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('retry-after')).to.equal('1');
  },
  hang: async () => {
    const { clean, faulty } = await pair('hang');
    expect(await outcome(clean, '/v2/coupon/bulk/redeem', {}, 2000)).to.equal('answered');
    expect(await outcome(faulty, '/v2/coupon/bulk/redeem', {}, 300)).to.equal('timeout');
    expect((await faulty.issue(issueBody(faulty))).status).to.equal(200); // only bulk redeem hangs
    expect(faulty.sim.stats().byOperation['bulk-redeem']).to.equal(1);
  },
  'connection-reset': async () => {
    const { clean, faulty } = await pair('connection-reset');
    expect(await outcome(clean, '/v2/coupon/bulk/redeem', {}, 2000)).to.equal('answered');
    expect(await outcome(faulty, '/v2/coupon/bulk/redeem', {}, 2000)).to.equal('network-error');
    expect((await faulty.issue(issueBody(faulty))).status).to.equal(200);
  },
  'bulk-foreign-consumes': async () => {
    const { clean, faulty } = await pair('bulk-foreign-consumes');
    for (const [c, after] of [[clean, 200], [faulty, 400]] as const) {
      const good = await c.issueCode(0);
      expect((await c.redeem([good, await c.issueCode(1)], 0)).status).to.equal(400);
      expect((await c.redeem([good])).status).to.equal(after); // faulty: consumed by the refused batch
      expect((await c.redeem([await c.issueCode(0), 'NO-SUCH'])).status).to.equal(400);
    }
  },
  'dry-run-used-redeemable': async () => {
    const { clean, faulty } = await pair('dry-run-used-redeemable');
    for (const [c, dry] of [[clean, 400], [faulty, 200]] as const) {
      const code = await c.issueCode(0);
      expect((await c.redeem([code])).status).to.equal(200);
      expect((await c.redeem([code])).status).to.equal(400);
      expect((await c.dryRun([code])).status).to.equal(dry);
    }
  },
  'issue-email-wrong-customer': async () => {
    const { clean, faulty } = await pair('issue-email-wrong-customer');
    for (const [c, owner] of [[clean, 0], [faulty, 1]] as const) {
      const r = await c.issue({ seriesId: c.fixtures.seriesId, customer: { email: c.customer(0).email } });
      expect(r.body.customer.id).to.equal(c.customer(owner).id);
      expect((await c.issue(issueBody(c))).body.customer.id).to.equal(c.customer(0).id); // by mobile: right
    }
  },
  'bulk-second-customer-by-mobile': async () => {
    const { clean, faulty } = await pair('bulk-second-customer-by-mobile');
    for (const [c, status] of [[clean, 200], [faulty, 400]] as const) {
      expect((await c.redeem([await c.issueCode(1)], 1)).status).to.equal(status);
      expect((await c.redeem([await c.issueCode(0)], 0)).status).to.equal(200);
    }
  },
  'points-reference-other-record': async () => {
    const { clean, faulty } = await pair('points-reference-other-record');
    for (const [c, shown] of [[clean, 1], [faulty, 3]] as const) {
      const r = c.fixtures.pointsRedemptions[1]!;
      const reply = await c.updatePoints({ externalReferenceNumber: r.externalReferenceNumber, purpose: 'x' });
      expect(reply.body.redemptionId).to.equal(c.fixtures.pointsRedemptions[shown]!.redemptionId);
    }
  },
  'points-reference-not-stored': async () => {
    const { clean, faulty } = await pair('points-reference-not-stored');
    for (const [c, kept] of [[clean, true], [faulty, false]] as const) {
      const r = c.fixtures.pointsRedemptions[0]!;
      expect((await c.updatePoints({ externalReferenceNumber: r.externalReferenceNumber, purpose: 'by-ref' })).body.redemptionPurpose).to.equal('by-ref');
      const later = await c.updatePoints({ redemptionId: r.redemptionId, billNumber: 'b' });
      expect(later.body.redemptionPurpose === 'by-ref').to.equal(kept);
    }
  },
  'points-text-truncated-64': async () => {
    const { clean, faulty } = await pair('points-text-truncated-64');
    const long = 'p'.repeat(65);
    for (const [c, length] of [[clean, 65], [faulty, 64]] as const) {
      const r = c.fixtures.pointsRedemptions[0]!;
      expect((await c.updatePoints({ redemptionId: r.redemptionId, purpose: long })).body.redemptionPurpose).to.have.length(length);
    }
  },
  'coupon-update-non-ascii-mangled': async () => {
    const { clean, faulty } = await pair('coupon-update-non-ascii-mangled');
    for (const [c, shown] of [[clean, 'café 😀'], [faulty, 'caf? ?']] as const) {
      const id = await redemptionOf(c, 0);
      const reply = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 1, transactionNumber: 'café 😀' }], user: { mobile: c.customer(0).mobile } });
      expect(reply.body.entity.redemptions[0].transactionNumber).to.equal(shown);
    }
  },
  'coupon-update-billid-int32': async () => {
    const { clean, faulty } = await pair('coupon-update-billid-int32');
    for (const [c, shown] of [[clean, 2 ** 31], [faulty, -(2 ** 31)]] as const) {
      const id = await redemptionOf(c, 0);
      const reply = await c.updateCoupon({ redemptions: [{ redemptionId: id, billAmount: 1, billId: 2 ** 31 }], user: { mobile: c.customer(0).mobile } });
      expect(reply.body.entity.redemptions[0].billId).to.equal(shown);
    }
  },
  slow: async () => {
    const { clean, faulty } = await pair('slow=300');
    const [fast] = await elapsed(() => clean.issue(issueBody(clean)));
    const [slow, r] = await elapsed(() => faulty.issue(issueBody(faulty)));
    expect(fast).to.be.below(250);
    expect(slow).to.be.at.least(290);
    expect(r.status).to.equal(200);
    const viaOption = await start({ faults: ['slow'], slowMs: 200 });
    expect((await elapsed(() => viaOption.request('GET', '/x')))[0]).to.be.within(190, 1000);
    const byDefault = await start({ faults: ['slow'] });
    expect((await elapsed(() => byDefault.request('GET', '/x')))[0]).to.be.at.least(1490);
  },
};

describe('[simulator] [faults] each fault breaks its rule; the clean host keeps it', () => {
  after(stopAll);

  it('has a scenario for every fault of the catalogue', () => {
    expect(Object.keys(SCENARIOS).sort()).to.deep.equal(Object.keys(FAULTS).sort());
  });

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: ${FAULTS[name as FaultName].description}`, async function () {
      this.timeout(10000);
      await scenario();
    });
  }

  it('lists every fault in the README table', () => {
    const readme = readFileSync(new URL('../../simulator/README.md', import.meta.url), 'utf8');
    // Only the fault catalogue's table (the readings table has rows of the same form).
    const catalogue = readme.slice(readme.indexOf('## Fault catalogue'));
    const listed = [...catalogue.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).to.deep.equal(Object.keys(FAULTS).sort());
  });

  it('combines several faults (comma-separated or listed)', async () => {
    const c = await start({ faults: ['auth-bypass,double-redeem', 'issue-duplicate-code'] });
    expect(c.sim.faults).to.deep.equal(['auth-bypass', 'double-redeem', 'issue-duplicate-code']);
    const code = await c.issueCode(0);
    expect(await c.issueCode(0)).to.equal(code);
    expect((await c.redeem([code], 0, { auth: 'none' })).status).to.equal(200);
    expect((await c.redeem([code], 0, { auth: 'none' })).status).to.equal(200);
  });

  it('refuses a parameter on a fault that takes none, and a bad slow value', async () => {
    for (const faults of [['hang=3'], ['slow=fast']]) {
      let error: unknown;
      await startSimulator({ faults }).catch((e) => (error = e));
      expect(error, faults[0]).to.be.instanceOf(FaultConfigError);
    }
  });
});
