// The commands of a sequence (fast-check model-based testing: fc.commands run by
// fc.asyncModelRun). Each command is symbolic (which customer, which kind of coupon, the
// n-th one): it resolves against the model when it runs, so a shrunk sequence still makes
// sense. Each one sends its request(s), runs the response check table on every answer, asks
// the model for the documented outcome and fails with the step's story when the host differs.
import fc from 'fast-check';
import { sameCustomerTogether, type ApiRequest, type Client, type Exchange } from '../client/index.ts';
import { NOT_APPLICABLE, runResponseChecks, trimmedResponse } from '../checks/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Redact } from '../redact.ts';
import type { Failure } from '../results/types.ts';
import {
  type Answer, type CouponUpdateEntry, type EntityVariant, type IdentifierKind, type Judged, type Model, type PointsBy,
  type PointsUpdate, type Prediction, type Problem, IDENTIFIER_KINDS, customerRef, predictBulk, predictBurst,
  predictCouponUpdate, predictIssue, predictPoints,
} from '../model/index.ts';

/** One numbered step of a sequence's story. */
export interface SequenceStep {
  n: number;
  command: string;
  /** The request(s), as curl, credentials redacted. */
  curl: string[];
  /** What the model expected (the documented outcome). */
  expected: string;
  /** The host's answer(s): status and trimmed body. */
  received: string[];
  /** Set on the step that failed: what was wrong. */
  problem?: Problem;
}

/** What the commands run against. */
export interface Real {
  client: Client;
  contract: Contract;
  redact: Redact;
  /** The story of this run so far. */
  steps: SequenceStep[];
  /** Requests this runSequences call may still send (shrinking included). */
  budget: { left: number };
  /** The check sending the steps, for the request log. */
  check?: string;
}

/** A step that broke a documented rule: carries the failure of the step. */
export class StepFailure extends Error {
  constructor(readonly problem: Problem, readonly failure: Failure) {
    super(`${problem.title}\n  Received: ${problem.received}\n  Documented: ${problem.documented}`);
    this.name = 'StepFailure';
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

const BODY_SHOWN = 600;

function answerOf(ex: Exchange): Answer | undefined {
  return ex.response ? { status: ex.response.status, json: ex.response.json, text: ex.response.text } : undefined;
}

function receivedText(ex: Exchange, redact: Redact): string {
  if (!ex.response) return `no answer: ${ex.error}`;
  const body = ex.response.text.length > BODY_SHOWN ? `${ex.response.text.slice(0, BODY_SHOWN)}... (${ex.response.text.length} bytes)` : ex.response.text;
  return `HTTP ${ex.response.status} ${redact(body)}`;
}

/** Sends the requests of one step (concurrently when several), records the step, runs the response checks. */
async function step(real: Real, command: string, expected: string, reqs: ApiRequest[]): Promise<{ exchanges: Exchange[]; answers: Answer[] } | undefined> {
  if (real.budget.left < reqs.length) return undefined; // out of budget: the step is skipped, nothing sent
  real.budget.left -= reqs.length;
  // A step of several requests (a burst) means them to be in flight together, also for one
  // customer: one scope of the client's customer lock, so they overlap each other (never
  // another rule's request for that customer).
  const sendAll = () => Promise.all(reqs.map((r) => real.client.send(real.check ? { ...r, check: real.check } : r)));
  const exchanges = reqs.length > 1 ? await sameCustomerTogether(sendAll) : await sendAll();
  const s: SequenceStep = { n: real.steps.length + 1, command, curl: exchanges.map((e) => e.curl), expected, received: exchanges.map((e) => receivedText(e, real.redact)) };
  real.steps.push(s);
  for (const ex of exchanges) {
    const op = real.contract.operation(ex.request.operation);
    if (!ex.response) fail(real, ex, { title: `no answer: ${ex.error}`, received: ex.error ?? 'no answer', documented: 'an HTTP answer within the timeout' });
    const verdicts = runResponseChecks({ contract: real.contract, op, exchange: ex as Exchange & { response: NonNullable<Exchange['response']> }, redact: real.redact });
    const bad = verdicts.find((v) => v.outcome && v.outcome !== NOT_APPLICABLE);
    if (bad) {
      const f = bad.outcome as Failure;
      fail(real, ex, { title: `${op.prefix}.${bad.check.name}: ${f.title}`, received: f.received, documented: f.documented });
    }
  }
  return { exchanges, answers: exchanges.map((e) => answerOf(e)!) };
}

function fail(real: Real, ex: Exchange, problem: Problem): never {
  const s = real.steps[real.steps.length - 1]!;
  s.problem = problem;
  const op = real.contract.operation(ex.request.operation);
  throw new StepFailure(problem, {
    title: problem.title,
    operation: `${op.method.toUpperCase()} ${op.path}`,
    received: problem.received,
    documented: problem.documented,
    curl: ex.curl,
    response: trimmedResponse(ex.response, real.redact),
  });
}

function settle(real: Real, ex: Exchange, model: Model, judged: Judged): void {
  if (judged.problem) fail(real, ex, judged.problem);
  judged.apply(model);
}

/** One request, judged; false when it was not sent (out of budget). */
async function oneRequest(real: Real, model: Model, command: string, prediction: Prediction, req: ApiRequest): Promise<boolean> {
  const done = await step(real, command, prediction.expected, [req]);
  if (!done) return false;
  settle(real, done.exchanges[0]!, model, prediction.judge(done.answers[0]!));
  return true;
}

const customerArb = fc.constantFrom(0, 1);
const kindArb = fc.constantFrom<IdentifierKind>(...IDENTIFIER_KINDS);

// ---------------------------------------------------------------- issue

export class IssueCommand implements Cmd {
  constructor(readonly seriesId: number, readonly customer: number, readonly by: IdentifierKind, readonly blankOthers: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const who = model.customers[this.customer]!;
    const body = { seriesId: this.seriesId, customer: customerRef(who, this.by, this.blankOthers) };
    await oneRequest(real, model, this.toString(), predictIssue(model, this.customer), { operation: 'issueCoupon', body });
  }
  toString(): string {
    return `issue a coupon to customer ${this.customer + 1} by ${this.by}${this.blankOthers ? ' (other identifiers blank)' : ''}`;
  }
}

// ---------------------------------------------------------------- bulk redeem

export type PickKind = 'own-fresh' | 'own-used' | 'other-fresh' | 'other-used' | 'unknown' | 'repeat';
export interface Pick {
  kind: PickKind;
  n: number;
}

/** The codes a batch of picks names for this customer, given the model (skipping picks with nothing to name). */
export function resolvePicks(model: Model, user: number, picks: Pick[]): string[] {
  const codes: string[] = [];
  for (const p of picks) {
    if (p.kind === 'unknown') {
      codes.push(`ZZNOCOUPON${p.n.toString(36).toUpperCase()}X`);
      continue;
    }
    if (p.kind === 'repeat') {
      if (codes.length) codes.push(codes[p.n % codes.length]!);
      continue;
    }
    const own = p.kind.startsWith('own');
    const used = p.kind.endsWith('used');
    // Repeats come from 'repeat' picks only: a coupon already in the batch is not picked again.
    const pool = model.coupons.filter((c) => (c.owner === user) === own && c.redeemed === used && !codes.includes(c.code));
    // Nothing of that kind yet: the pick names a coupon no host has (the batch still makes sense).
    codes.push(pool.length ? pool[p.n % pool.length]!.code : `ZZNOCOUPON${p.n.toString(36).toUpperCase()}X`);
  }
  return codes;
}

/** A batch of the customer's own unredeemed coupons (the first `size`). */
function ownFresh(model: Model, user: number, size: number): string[] {
  return model.coupons.filter((c) => c.owner === user && !c.redeemed).slice(0, size).map((c) => c.code);
}

class BulkCommand implements Cmd {
  constructor(
    readonly user: number,
    readonly by: IdentifierKind,
    readonly dryRun: boolean,
    readonly batch: { picks: Pick[] } | { ownFresh: number },
    readonly billAmount: string | number,
    readonly transactionNumber: string,
    readonly dryRunQuery: Record<string, string>,
  ) {}
  /** The customer redeeming: for a batch of own coupons, the other customer when this one has none left. */
  userIn(model: Model): number {
    const has = (u: number) => ('picks' in this.batch ? model.coupons.some((c) => c.owner === u) : ownFresh(model, u, 1).length > 0);
    return has(this.user) || !has(1 - this.user) ? this.user : 1 - this.user;
  }
  codes(model: Model): string[] {
    const user = this.userIn(model);
    return 'picks' in this.batch ? resolvePicks(model, user, this.batch.picks) : ownFresh(model, user, this.batch.ownFresh);
  }
  check(model: Readonly<Model>): boolean {
    return this.codes(model as Model).length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const codes = this.codes(model);
    const user = this.userIn(model);
    const who = model.customers[user]!;
    const body = {
      redemptionRequestList: codes.map((code) => ({ code })),
      transactionNumber: this.transactionNumber,
      user: customerRef(who, this.by),
      billAmount: this.billAmount,
    };
    const req: ApiRequest = { operation: 'bulkRedeemCoupons', body, ...(this.dryRun ? { query: this.dryRunQuery } : {}) };
    const prediction = predictBulk(real.contract, model, codes, user, this.dryRun);
    const before = model.coupons.map((c) => ({ ...c }));
    if (!(await oneRequest(real, model, `${this.describe(user)}: [${codes.join(', ')}]`, prediction, req)) || this.dryRun) return;
    // Verify through the API, at once: a refused batch consumed none of its valid coupons (they still
    // pass a dry run); a redeemed one answers a dry run as the real redemption would now (already used).
    const redeemedNow = model.coupons.filter((c, i) => c.redeemed && !before[i]!.redeemed).map((c) => c.code);
    const unique = [...new Set(codes)];
    const check = redeemedNow.length ? redeemedNow : unique.filter((code) => model.coupons.some((c) => c.code === code && c.owner === user && !c.redeemed));
    if (!check.length) return;
    // Named by the next identifier kind: each identifier is tried more often.
    const by = IDENTIFIER_KINDS[(IDENTIFIER_KINDS.indexOf(this.by) + 1) % IDENTIFIER_KINDS.length]!;
    const dry = { ...body, user: customerRef(who, by), redemptionRequestList: check.map((code) => ({ code })) };
    await oneRequest(real, model, `verify by a dry run for customer ${user + 1} by ${by}: [${check.join(', ')}] (${redeemedNow.length ? 'just redeemed' : 'in the refused batch, not consumed'})`,
      predictBulk(real.contract, model, check, user, true), { operation: 'bulkRedeemCoupons', body: dry, query: this.dryRunQuery });
  }
  toString(): string {
    return this.describe(this.user);
  }
  describe(user: number): string {
    const what = 'picks' in this.batch ? this.batch.picks.map((p) => (p.kind === 'unknown' || p.kind === 'repeat' ? p.kind : `${p.kind}#${p.n}`)).join(', ') : `${this.batch.ownFresh} own unredeemed`;
    return `${this.dryRun ? 'dry-run (is_redeemable=true)' : 'redeem'} for customer ${user + 1} by ${this.by}: ${what}`;
  }
}

// ---------------------------------------------------------------- concurrent burst

class BurstCommand implements Cmd {
  constructor(readonly user: number, readonly n: number, readonly size: number) {}
  check(model: Readonly<Model>): boolean {
    return model.coupons.some((c) => !c.redeemed);
  }
  async run(model: Model, real: Real): Promise<void> {
    const user = ownFresh(model, this.user, 1).length ? this.user : 1 - this.user;
    const [code] = ownFresh(model, user, 1);
    const who = model.customers[user]!;
    const prediction = predictBurst(real.contract, model, code!, this.size);
    const reqs: ApiRequest[] = Array.from({ length: this.size }, (_, i) => ({
      operation: 'bulkRedeemCoupons',
      body: { redemptionRequestList: [{ code }], transactionNumber: `burst-${this.n}-${i}`, user: customerRef(who, 'id'), billAmount: '100' },
    }));
    const done = await step(real, `${this.toString()}: ${code}`, prediction.expected, reqs);
    if (!done) return;
    const judged = prediction.judge(done.answers);
    settle(real, done.exchanges[0]!, model, judged);
  }
  toString(): string {
    return `${this.size} concurrent redemptions of one coupon of customer ${this.user + 1}`;
  }
}

// ---------------------------------------------------------------- PUT /v2/coupon/redeem

export type IdKind = 'own' | 'other' | 'unknown';
export interface UpdatePick {
  kind: IdKind;
  n: number;
  billAmount: number;
  transactionNumber?: string;
  billId?: number;
  customFields?: Record<string, string>;
}

class CouponUpdateCommand implements Cmd {
  constructor(readonly user: number, readonly by: IdentifierKind, readonly picks: UpdatePick[]) {}
  /** The customer updating: the other one when this one has no redemption of its own yet. */
  userIn(model: Model): number {
    return model.redemptions.some((r) => r.owner === this.user) || !model.redemptions.length ? this.user : 1 - this.user;
  }
  entries(model: Model): CouponUpdateEntry[] {
    const out: CouponUpdateEntry[] = [];
    const user = this.userIn(model);
    for (const p of this.picks) {
      let id: number | undefined;
      if (p.kind === 'unknown') id = 900_000_000_000 + p.n;
      else {
        const pool = model.redemptions.filter((r) => (r.owner === user) === (p.kind === 'own'));
        id = pool.length ? pool[p.n % pool.length]!.id : undefined;
      }
      if (id === undefined || out.some((e) => e.redemptionId === id)) continue;
      const { kind: _k, n: _n, ...fields } = p;
      out.push({ redemptionId: id, ...fields });
    }
    return out;
  }
  check(model: Readonly<Model>): boolean {
    return this.entries(model as Model).length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const entries = this.entries(model);
    const user = this.userIn(model);
    const body = { redemptions: entries, user: customerRef(model.customers[user]!, this.by) };
    await oneRequest(real, model, `${this.describe(user)}: ids ${entries.map((e) => e.redemptionId).join(', ')}`, predictCouponUpdate(real.contract, model, entries, user), { operation: 'updateCouponRedemption', body });
  }
  toString(): string {
    return this.describe(this.user);
  }
  describe(user: number): string {
    const fields = (p: UpdatePick) => ['billAmount', p.transactionNumber !== undefined && 'transactionNumber', p.billId !== undefined && 'billId', p.customFields && 'customFields'].filter(Boolean).join('+');
    return `update redemptions (PUT /v2/coupon/redeem) as customer ${user + 1} by ${this.by}: ${this.picks.map((p) => `${p.kind}#${p.n} (${fields(p)})`).join(', ')}`;
  }
}

// ---------------------------------------------------------------- PUT /v2/points/updateRedemption

class PointsCommand implements Cmd {
  constructor(readonly u: PointsUpdate, readonly unknownSuffix: number) {}
  check(model: Readonly<Model>): boolean {
    return model.points.length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const u = { ...this.u, record: this.u.record % model.points.length };
    const r = model.points[u.record]!;
    const body: Record<string, unknown> = {};
    if (u.by === 'redemptionId' || u.by === 'both') body.redemptionId = r.redemptionId;
    if (u.by === 'externalReferenceNumber' || u.by === 'both') body.externalReferenceNumber = r.externalReferenceNumber;
    if (u.by === 'unknown') body.redemptionId = `NO-SUCH-REDEMPTION-${this.unknownSuffix}`;
    if (u.billId !== undefined) body.billId = u.billId;
    if (u.billNumber !== undefined) body.billNumber = u.billNumber;
    if (u.purpose !== undefined) body.purpose = u.purpose;
    const otherCustomer = model.customers.find((_, i) => i !== r.owner)!;
    const entities: Record<EntityVariant, unknown> = {
      owner: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: r.mobile },
      'other-customer': { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: otherCustomer.mobile },
      'invalid-type': { type: 'NOT_AN_ENTITY_TYPE', identifierType: 'mobile', identifierValue: r.mobile },
      'no-value': { type: 'CUSTOMER', identifierType: 'mobile' },
      none: undefined,
    };
    if (u.entity !== 'none') body.entity = entities[u.entity];
    const before = { ...r };
    if (!(await oneRequest(real, model, this.describe(u), predictPoints(real.contract, model, u), { operation: 'updatePointsRedemption', body }))) return;
    const after = model.points[u.record]!;
    const stored = after.billId !== before.billId || after.billNumber !== before.billNumber || after.purpose !== before.purpose;
    if (!stored || (u.by !== 'redemptionId' && u.by !== 'externalReferenceNumber')) return;
    // Verify through the other identifier at once: the same record, showing what this update stored
    // (one field sent again with its stored value, so nothing changes).
    const other: PointsBy = u.by === 'redemptionId' ? 'externalReferenceNumber' : 'redemptionId';
    // A field this update did not send (its stored value when known, else a new one), so the answer shows what this one stored.
    const field = (['purpose', 'billNumber', 'billId'] as const).find((k) => u[k] === undefined) ?? 'purpose';
    const value = after[field].known ? after[field].value : field === 'billId' ? this.unknownSuffix : `verify-${this.unknownSuffix}`;
    const again2: PointsUpdate = { record: u.record, by: other, entity: 'owner', [field]: value };
    const vbody: Record<string, unknown> = { [other]: other === 'redemptionId' ? r.redemptionId : r.externalReferenceNumber, entity: entities.owner };
    for (const k of ['billId', 'billNumber', 'purpose'] as const) if (again2[k] !== undefined) vbody[k] = again2[k];
    await oneRequest(real, model, `verify through the other identifier: ${this.describe(again2)}`, predictPoints(real.contract, model, again2), { operation: 'updatePointsRedemption', body: vbody });
  }
  describe(u: PointsUpdate): string {
    const fields = [u.billId !== undefined && 'billId', u.billNumber !== undefined && 'billNumber', u.purpose !== undefined && 'purpose'].filter(Boolean).join('+') || 'no field';
    return `update points redemption #${u.record + 1} by ${u.by}, entity ${u.entity}: ${fields}`;
  }
  toString(): string {
    return this.describe(this.u);
  }
}

// ---------------------------------------------------------------- the arbitraries

/**
 * The value arbitraries the commands draw their fields from (generators/breadth.ts: long,
 * non-ASCII and empty text, integers to the edge, amounts), handed in by the caller: src/
 * imports nothing from generators/.
 */
export interface SequenceValues {
  amount(): fc.Arbitrary<number>;
  anyText(): fc.Arbitrary<string>;
  bulkAmount(): fc.Arbitrary<string | number>;
  safeInteger(): fc.Arbitrary<number>;
  textOrEmpty(): fc.Arbitrary<string>;
}

export interface CommandOptions {
  seriesId: number;
  bulkMax: number;
  /** The dry-run query: every documented name of the parameter (x-profile dryRunParameter and its alternatives), each `true`. */
  dryRunQuery: Record<string, string>;
  /** Concurrent requests of the burst command. */
  burst: number;
  values: SequenceValues;
}

/**
 * Every sequence opens with one coupon issued to each customer (by id), so its commands have
 * something to act on. Fixed, not drawn: fast-check shrinks only commands that ran, so a
 * random prelude that failed first would leave the commands unshrinkable.
 */
export function prelude(o: CommandOptions): Cmd[] {
  return [new IssueCommand(o.seriesId, 0, 'id', false), new IssueCommand(o.seriesId, 1, 'id', false)];
}

export function commandArbitraries(o: CommandOptions): fc.Arbitrary<Cmd>[] {
  const { amount, anyText, bulkAmount, safeInteger, textOrEmpty } = o.values;
  const issue = fc.tuple(customerArb, kindArb, fc.boolean()).map(([c, by, blank]) => new IssueCommand(o.seriesId, c, by, blank) as Cmd);
  const pick = fc.record({
    kind: fc.constantFrom<PickKind>('own-fresh', 'own-fresh', 'own-used', 'own-used', 'other-fresh', 'other-used', 'unknown', 'repeat'),
    n: fc.nat({ max: 1000 }),
  });
  const batch = fc.oneof(
    { arbitrary: fc.record({ picks: fc.array(pick, { minLength: 1, maxLength: o.bulkMax, size: 'small' }) }), weight: 3 },
    { arbitrary: fc.record({ ownFresh: fc.integer({ min: 1, max: o.bulkMax }) }), weight: 2 },
  );
  const bulk = fc
    .tuple(customerArb, kindArb, fc.constantFrom(false, false, true), batch, fc.noShrink(bulkAmount()), fc.noShrink(anyText()))
    .map(([c, by, dry, b, amt, txn]) => new BulkCommand(c, by, dry, b, amt, txn, o.dryRunQuery) as Cmd);
  const updatePick = fc.record(
    {
      kind: fc.constantFrom<IdKind>('own', 'own', 'other', 'unknown'),
      n: fc.nat({ max: 1000 }),
      billAmount: fc.noShrink(amount()),
      transactionNumber: fc.noShrink(textOrEmpty()),
      billId: fc.noShrink(safeInteger()),
      // customFields is left out: the request table says Array, the response table Object, and a
      // vendor may take either alone (x-readings coupon-update-custom-fields).
    },
    { requiredKeys: ['kind', 'n', 'billAmount'] },
  );
  const update = fc
    .tuple(customerArb, kindArb, fc.array(updatePick, { minLength: 1, maxLength: 3 }))
    .map(([c, by, picks]) => new CouponUpdateCommand(c, by, picks) as Cmd);
  const billId = fc.noShrink(safeInteger());
  const text = fc.noShrink(anyText());
  // Mostly one field, so a later update of the record shows what an earlier one stored.
  const pointsFields = fc.oneof(
    { arbitrary: fc.oneof(fc.record({ billId }), fc.record({ billNumber: text }), fc.record({ purpose: text })), weight: 3 },
    { arbitrary: fc.record({ billId, billNumber: text, purpose: text }, { requiredKeys: [] }), weight: 1 },
  );
  const points = fc
    .record({
      // Two records, so later updates often meet an earlier one.
      record: fc.nat({ max: 1 }),
      by: fc.constantFrom<PointsBy>('redemptionId', 'externalReferenceNumber', 'redemptionId', 'externalReferenceNumber', 'redemptionId', 'externalReferenceNumber', 'both', 'neither', 'unknown'),
      entity: fc.constantFrom<EntityVariant>('owner', 'owner', 'owner', 'owner', 'other-customer', 'invalid-type', 'no-value'),
      fields: pointsFields,
      suffix: fc.nat({ max: 1_000_000 }),
    })
    .map(({ fields, suffix, ...u }) => new PointsCommand({ ...u, ...fields } as PointsUpdate, suffix) as Cmd);
  const burst = fc.tuple(customerArb, fc.nat({ max: 1000 })).map(([c, n]) => new BurstCommand(c, n, o.burst) as Cmd);
  // Issue weighs more: most other commands need coupons or redemptions to act on.
  return [issue, issue, issue, bulk, bulk, bulk, update, update, points, points, burst];
}
