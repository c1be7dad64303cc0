// [model] The model's predictions accept every reasonable reading of what the pages leave
// open, and refuse what they forbid (no host: answers written by hand).
import { expect } from 'chai';
import { getContract } from '../../src/contract/index.ts';
import { initialModel, predictBulk, predictCouponUpdate, predictPoints, type Answer, type Model } from '../../src/model/index.ts';

const contract = getContract();
const fixtures = {
  seriesId: 1,
  customers: [{ id: 1, mobile: '911', externalId: 'x1', email: 'a@x' }, { id: 2, mobile: '912', externalId: 'x2', email: 'b@x' }],
  pointsRedemptions: [{ redemptionId: 'r1', externalReferenceNumber: 'E1', customer: { mobile: '911' } }],
};
const answer = (status: number, json: unknown): Answer => ({ status, json, text: JSON.stringify(json) });

function world(): Model {
  const m = initialModel(fixtures);
  m.coupons.push({ code: 'OWN1', owner: 0, redeemed: false }, { code: 'OTHER', owner: 1, redeemed: false });
  m.redemptions.push(
    { id: 10, owner: 0, code: 'U1', transactionNumber: { known: false }, billAmount: { known: false }, billId: { known: false }, customFields: {} },
    { id: 20, owner: 1, code: 'U2', transactionNumber: { known: false }, billAmount: { known: false }, billId: { known: false }, customFields: {} },
  );
  return m;
}

const entry = (code: string, own: number, success = false) => ({ result: { code, redemptionStatus: { code: own, success, message: 'm' } }, errors: [] });
const ok = (j: ReturnType<ReturnType<typeof predictBulk>['judge']>) => j.problem === undefined;

describe('[model] predictions accept every documented reading', () => {
  it('a batch failing on another customer\'s coupon: any envelope, any order, either counting; never a redeemed entry', () => {
    const p = predictBulk(contract, world(), ['OWN1', 'OTHER'], 0, false);
    expect(ok(p.judge(answer(400, { status: false, code: 703, message: 'm' })))).to.equal(true);
    expect(ok(p.judge(answer(422, { warnings: [], errors: [{ status: false, code: 710, message: 'm' }] })))).to.equal(true);
    const entries = [entry('OTHER', 723), entry('OWN1', 749)];
    for (const failureCount of [2, 1]) expect(ok(p.judge(answer(400, { response: entries, totalCount: 2, failureCount })))).to.equal(true);
    expect(ok(p.judge(answer(400, { response: entries, totalCount: 2, failureCount: 0 })))).to.equal(false);
    expect(ok(p.judge(answer(400, { response: [entry('OTHER', 703), entry('OWN1', 700, true)], totalCount: 2, failureCount: 1 })))).to.equal(false);
    expect(ok(p.judge(answer(400, { response: [entry('OTHER', 703), entry('OWN1', 702)] })))).to.equal(false); // the valid one must say 749
    expect(ok(p.judge(answer(200, { response: [], totalCount: 0, failureCount: 0 })))).to.equal(false);
  });

  it('a coupon update of another customer\'s redemption may be refused (510) or done (761): the pages do not say `user` scopes it', () => {
    const m = world();
    const p = predictCouponUpdate(contract, m, [{ redemptionId: 20, billAmount: 5 }], 0);
    const body = (code: number) => ({ entity: { redemptions: [{ redemptionId: 20, billAmount: 5, redemptionStatus: { status: code === 761, code, message: 'm' } }], status: { status: code === 761, code, message: 'm' }, totalCount: 1, failedCount: code === 761 ? 0 : 1 }, warnings: [], errors: [], success: code === 761 });
    expect(ok(p.judge(answer(200, body(761))))).to.equal(true);
    expect(ok(p.judge(answer(200, body(510))))).to.equal(true);
    expect(ok(p.judge(answer(400, { warnings: [], errors: [{ status: false, code: 510, message: 'm' }] })))).to.equal(true);
    const own = predictCouponUpdate(contract, m, [{ redemptionId: 10, billAmount: 5 }], 0);
    expect(ok(own.judge(answer(400, { warnings: [], errors: [{ status: false, code: 510, message: 'm' }] })))).to.equal(false);
  });

  it('a points refusal passes as a 4xx or a 200 error envelope, with its code', () => {
    const p = predictPoints(contract, world(), { record: 0, by: 'both', entity: 'owner', purpose: 'p' });
    const env = { warnings: [], errors: [{ status: false, code: 749, message: 'm' }] };
    expect(ok(p.judge(answer(400, env)))).to.equal(true);
    expect(ok(p.judge(answer(200, env)))).to.equal(true);
    expect(ok(p.judge(answer(400, { ...env, errors: [{ status: false, code: 750, message: 'm' }] })))).to.equal(false);
  });

  it('a points update answers the named record with the stored fields', () => {
    const m = world();
    const record = (purpose: string, billNumber: unknown, redemptionId = 'r1') => ({ redemptionId, externalReferenceNumber: 'E1', redemptionPurpose: purpose, billNumber });
    const first = predictPoints(contract, m, { record: 0, by: 'externalReferenceNumber', entity: 'owner', billNumber: 'B' });
    const judged = first.judge(answer(200, record('', 'B')));
    if (judged.problem) expect.fail(judged.problem.title);
    judged.apply(m);
    const second = predictPoints(contract, m, { record: 0, by: 'redemptionId', entity: 'owner', purpose: 'P' });
    expect(ok(second.judge(answer(200, record('P', 'B'))))).to.equal(true);
    expect(ok(second.judge(answer(200, record('P', 'old'))))).to.equal(false);
    expect(ok(second.judge(answer(200, record('P', 'B', 'r9'))))).to.equal(false);
  });
});
