// For each command, the documented outcome: success (and how the state changes) or the
// situations of openapi.yaml's x-situations that may answer it, with their codes. Where the
// pages are silent the prediction accepts every reasonable reading: counts under either
// counting, entries in any order (matched by coupon code or redemption id), either of two
// documented codes, an unstated `user` scoping of coupon updates, a points refusal as a 4xx or
// a 200 error envelope, fields an update did not send shown as before or left empty.
import { bulkEntries, codesIn, couponUpdateStatus, isErrorEnvelope } from '../contract/envelopes.ts';
import type { Contract } from '../contract/index.ts';
import { type Answer, type Problem, describeCodes, is2xx, is4xx, isObject, judgeAccepted, judgeRefusal, refusalText, statusText } from './judge.ts';
import { couponByCode, type Known, type Model, type ModelCouponRedemption } from './state.ts';

/** What the model makes of an answer: a problem, or how the state changes. */
export type Judged = { problem: Problem } | { problem?: undefined; apply(model: Model): void };

export interface Prediction {
  /** The model's expectation, in words (for the story of a failing sequence). */
  expected: string;
  judge(answer: Answer): Judged;
}

const fail = (problem: Problem): Judged => ({ problem });
const ok = (apply: (model: Model) => void = () => {}): Judged => ({ apply });
const show = (v: unknown) => JSON.stringify(v);

// ---------------------------------------------------------------- issue

export function predictIssue(model: Model, customer: number): Prediction {
  const who = model.customers[customer]!;
  return {
    expected: `issued: HTTP 2xx with a new coupon code, customer.id ${who.id} (post-v2-coupon-issue.txt)`,
    judge(answer) {
      const accepted = judgeAccepted(answer, this.expected);
      if (accepted) return fail(accepted);
      const body = isObject(answer.json) ? answer.json : {};
      const code = body.code;
      if (typeof code !== 'string' || code === '') return fail({ title: 'the issued coupon has no code', received: `code ${show(code)}`, documented: 'code: "The unique coupon code generated"' });
      if (couponByCode(model, code)) return fail({ title: `the coupon code ${code} was issued before in this sequence`, received: `code ${code} again`, documented: 'code: "The unique coupon code generated"' });
      const got = isObject(body.customer) ? body.customer.id : undefined;
      if (got !== who.id) return fail({ title: 'the coupon was issued to another customer', received: `customer.id ${show(got)}`, documented: `customer.id ${who.id}, the customer named in the request` });
      return ok((m) => void m.coupons.push({ code, owner: customer, redeemed: false }));
    },
  };
}

// ---------------------------------------------------------------- bulk redeem

/** The situations that make one coupon of a batch fail, for this customer; none: it redeems. */
export function couponSituations(model: Model, codes: string[], code: string, user: number): string[] {
  const situations: string[] = [];
  const coupon = couponByCode(model, code);
  if (!coupon) situations.push('unknown-coupon');
  else {
    if (coupon.owner !== user) situations.push('foreign-coupon');
    if (coupon.redeemed) situations.push('already-redeemed');
  }
  if (codes.indexOf(code) !== codes.lastIndexOf(code)) situations.push('duplicate-in-request');
  return situations;
}

export function predictBulk(contract: Contract, model: Model, codes: string[], user: number, dryRun: boolean): Prediction {
  const op = 'bulkRedeemCoupons' as const;
  const failing = new Map<string, string[]>();
  for (const code of new Set(codes)) {
    const s = couponSituations(model, codes, code, user);
    if (s.length) failing.set(code, s);
  }
  const situations = [...new Set([...failing.values()].flat())];
  const others = contract.codes(op, 'failed-because-of-others');
  if (failing.size) {
    const why = [...failing].map(([code, s]) => `${code}: ${s.join('/')}`).join('; ');
    return {
      expected: `${refusalText(contract, op, situations)} [${why}]; nothing ${dryRun ? 'changes (dry run)' : 'redeemed'}; where entries are sent, each failing coupon carries its own code and the others ${others.join('/')}`,
      judge(answer) {
        const refused = judgeRefusal(contract, op, situations, answer);
        if (refused) return fail(refused);
        const entries = bulkEntries(answer.json);
        if (!entries.length) return ok();
        for (const code of new Set(codes)) {
          const mine = entries.filter((e) => e.coupon === code);
          if (!mine.length) continue;
          if (mine.some((e) => e.success === true)) {
            return fail({ title: `coupon ${code} reported redeemed in a refused batch`, received: `success true on ${code}`, documented: 'no option for partial success: every entry of a refused batch fails' });
          }
          const s = failing.get(code);
          const allowed = s ? [...s.flatMap((k) => contract.codes(op, k)), ...(s.includes('duplicate-in-request') ? others : [])] : others;
          if (!mine.some((e) => e.codes.some((c) => allowed.includes(c)))) {
            return fail({
              title: s ? `coupon ${code} does not carry its own code` : `the valid coupon ${code} is not marked as failed because of the others`,
              received: `codes ${mine.flatMap((e) => e.codes).join(', ') || 'none'} on ${code}`,
              documented: `code ${describeCodes(contract, op, allowed)}${s ? ` (${s.join(' / ')})` : ''}`,
            });
          }
        }
        const counted = checkCounts(answer, codes.length, entries.length, [
          entries.filter((e) => e.success === false).length,
          entries.filter((e) => e.success === false && !e.codes.every((c) => others.includes(c))).length,
        ]);
        return counted ? fail(counted) : ok();
      },
    };
  }
  const situation = contract.situation(op, dryRun ? 'redeemable' : 'redeemed');
  return {
    expected: dryRun
      ? `redeemable (dry run): HTTP 2xx, an entry per coupon with success true, code ${situation.codes.join('/')}, redemptionId "-1"; nothing redeemed`
      : `redeemed: HTTP 2xx, an entry per coupon with success true, code ${situation.codes.join('/')} and a new redemption id`,
    judge(answer) {
      const accepted = judgeAccepted(answer, this.expected);
      if (accepted) return fail(accepted);
      const entries = bulkEntries(answer.json);
      const ids = new Map<string, number>();
      for (const code of codes) {
        const entry = entries.find((e) => e.coupon === code);
        if (!entry) return fail({ title: `no entry for coupon ${code}`, received: `entries for ${entries.map((e) => e.coupon).join(', ') || 'none'}`, documented: `an entry for ${code}` });
        if (entry.success !== true || entry.code === undefined || !situation.codes.includes(entry.code)) {
          return fail({ title: `coupon ${code} not ${dryRun ? 'redeemable' : 'redeemed'}`, received: `success ${entry.success}, code ${entry.code}`, documented: `success true, code ${situation.codes.join('/')}` });
        }
        if (dryRun) {
          if (String(entry.redemptionId) !== '-1') return fail({ title: `the dry run of ${code} answered a real redemption id`, received: `redemptionId ${show(entry.redemptionId)}`, documented: 'redemptionId "-1" (the dry-run example)' });
          continue;
        }
        const id = Number(entry.redemptionId);
        if (!Number.isSafeInteger(id) || id < 0 || [...ids.values()].includes(id) || model.redemptions.some((r) => r.id === id)) {
          return fail({ title: `coupon ${code} has no new redemption id`, received: `redemptionId ${show(entry.redemptionId)}`, documented: 'result.redemptionId: the id of this redemption (digits), one per redemption' });
        }
        ids.set(code, id);
      }
      const counted = checkCounts(answer, codes.length, entries.length, [0]);
      if (counted) return fail(counted);
      return ok((m) => {
        if (dryRun) return;
        for (const code of codes) {
          const coupon = couponByCode(m, code)!;
          coupon.redeemed = true;
          m.redemptions.push(newRedemption(ids.get(code)!, coupon.owner, code));
        }
      });
    },
  };
}

function newRedemption(id: number, owner: number, code: string): ModelCouponRedemption {
  return { id, owner, code, transactionNumber: { known: false }, billAmount: { known: false }, billId: { known: false }, customFields: {} };
}

/** totalCount counts the coupons sent or the entries; failureCount one of the documented countings. */
function checkCounts(answer: Answer, sent: number, entries: number, failures: number[]): Problem | undefined {
  if (!isObject(answer.json)) return undefined;
  const { totalCount, failureCount } = answer.json;
  if (totalCount !== undefined && totalCount !== sent && totalCount !== entries) {
    return { title: 'totalCount does not count the entries', received: `totalCount ${show(totalCount)}`, documented: `${sent} (coupons sent) or ${entries} (entries): "Total count of items in the response"` };
  }
  if (failureCount !== undefined && !failures.includes(failureCount as number)) {
    return { title: 'failureCount does not count the failed entries', received: `failureCount ${show(failureCount)}`, documented: `${[...new Set(failures)].join(' or ')}: "Count of items that failed"` };
  }
  return undefined;
}

/** A burst of concurrent redemptions of one redeemable coupon by its owner: exactly one succeeds. */
export function predictBurst(contract: Contract, model: Model, code: string, n: number) {
  const op = 'bulkRedeemCoupons' as const;
  const coupon = couponByCode(model, code)!;
  const single = predictBulk(contract, model, [code], coupon.owner, false);
  return {
    expected: `exactly one of ${n} concurrent redemptions of ${code} succeeds; the others ${refusalText(contract, op, ['concurrent-redemption', 'customer-busy'])}`,
    judge(answers: Answer[]): Judged {
      const wins = answers.filter((a) => is2xx(a.status) && bulkEntries(a.json).some((e) => e.coupon === code && e.success === true));
      if (wins.length !== 1) {
        return fail({ title: `${wins.length} of ${n} concurrent redemptions of one coupon succeeded`, received: `statuses ${answers.map((a) => a.status).join(', ')}`, documented: 'exactly 1: the coupon is redeemable once' });
      }
      for (const a of answers) {
        if (a === wins[0] || (a.status === 521 && codesIn(a.json).length === 0)) continue;
        const p = judgeRefusal(contract, op, ['concurrent-redemption', 'customer-busy'], a);
        if (p) return fail(p);
      }
      return single.judge(wins[0]!);
    },
  };
}

// ---------------------------------------------------------------- PUT /v2/coupon/redeem

export interface CouponUpdateEntry {
  redemptionId: number;
  billAmount: number;
  transactionNumber?: string;
  billId?: number;
  customFields?: Record<string, string>;
}

type Fate = 'updated' | 'either' | 'unknown';

export function predictCouponUpdate(contract: Contract, model: Model, entries: CouponUpdateEntry[], user: number): Prediction {
  const op = 'updateCouponRedemption' as const;
  const fates = entries.map((e): Fate => {
    const r = model.redemptions.find((x) => x.id === e.redemptionId);
    if (!r) return 'unknown';
    // Whether `user` scopes the ids is not documented (openapi.yaml): another customer's id may go either way.
    return r.owner === user ? 'updated' : 'either';
  });
  const words = entries.map((e, i) => `${e.redemptionId}: ${fates[i] === 'updated' ? '761' : fates[i] === 'unknown' ? '510' : '761 or 510 (another customer\'s; scoping undocumented)'}`).join(', ');
  const mustUpdate = fates.includes('updated');
  return {
    expected: `per entry ${words}; overall 761 when all succeed, 762 when some fail, a failure (${describeCodes(contract, op, contract.codes(op, 'all-failed'))}) when none does; the stored fields shown`,
    judge(answer) {
      const status = couponUpdateStatus(answer.json);
      const saysAllFailed = status.success === false || status.overall.status === false || isErrorEnvelope(answer.json);
      if (is4xx(answer.status) || (is2xx(answer.status) && saysAllFailed)) {
        if (mustUpdate) return fail({ title: 'an update of the customer\'s own redemption was refused', received: statusText(answer), documented: this.expected });
        if (is4xx(answer.status)) {
          const p = judgeRefusal(contract, op, ['all-failed'], answer);
          return p ? fail(p) : ok();
        }
        const codes = contract.codes(op, 'all-failed');
        if (!codesIn(answer.json).some((c) => codes.includes(c))) return fail({ title: 'an update where every entry failed carries no documented code', received: statusText(answer), documented: `code ${codes.join(' or ')}` });
        return ok();
      }
      const accepted = judgeAccepted(answer, this.expected);
      if (accepted) return fail(accepted);
      const updated = contract.codes(op, 'entry-updated');
      const unknownCodes = contract.codes(op, 'unknown-redemption-id');
      const raw = isObject(answer.json) && isObject(answer.json.entity) && Array.isArray(answer.json.entity.redemptions) ? answer.json.entity.redemptions.filter(isObject) : [];
      const succeeded: CouponUpdateEntry[] = [];
      let failed = 0;
      for (const [i, e] of entries.entries()) {
        const entry = status.entries.find((x) => x.redemptionId === e.redemptionId);
        const allowed = fates[i] === 'updated' ? updated : fates[i] === 'unknown' ? unknownCodes : [...updated, ...unknownCodes];
        if (!entry || entry.code === undefined || !allowed.includes(entry.code)) {
          return fail({ title: `the entry for redemption ${e.redemptionId} does not answer ${allowed.join(' or ')}`, received: entry ? `code ${entry.code}` : 'no entry for that id', documented: `redemptionStatus.code ${allowed.join(' or ')}` });
        }
        if (updated.includes(entry.code)) {
          succeeded.push(e);
          const shown = raw.find((r) => Number(r.redemptionId) === e.redemptionId)!;
          const p = storedShown(model, e, shown);
          if (p) return fail(p);
        } else failed++;
      }
      const overallKey = failed === 0 ? 'all-updated' : succeeded.length ? 'partially-updated' : 'all-failed';
      const overallCodes = contract.codes(op, overallKey);
      if (status.overall.code === undefined || !overallCodes.includes(status.overall.code)) {
        return fail({ title: `the overall status is not ${overallCodes.join(' or ')}`, received: `entity.status.code ${status.overall.code}`, documented: `entity.status.code ${overallCodes.join(' or ')} (${overallKey})` });
      }
      const entity = (answer.json as { entity: Record<string, unknown> }).entity;
      if (entity.totalCount !== undefined && entity.totalCount !== entries.length && entity.totalCount !== raw.length) {
        return fail({ title: 'totalCount does not count the entries', received: `totalCount ${show(entity.totalCount)}`, documented: `${entries.length}: "Total count of transactions or operations attempted"` });
      }
      if (entity.failedCount !== undefined && entity.failedCount !== failed) {
        return fail({ title: 'failedCount does not count the failed entries', received: `failedCount ${show(entity.failedCount)}`, documented: `${failed}: "Count of transactions or operations that failed"` });
      }
      return ok((m) => {
        for (const e of succeeded) {
          const r = m.redemptions.find((x) => x.id === e.redemptionId)!;
          r.billAmount = { known: true, value: e.billAmount };
          if (e.transactionNumber) r.transactionNumber = { known: true, value: e.transactionNumber };
          if (e.billId !== undefined) r.billId = { known: true, value: e.billId };
          if (e.customFields) Object.assign(r.customFields, e.customFields);
        }
      });
    },
  };
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** An updated entry shows what was sent, and for what was not sent what was stored before (or nothing). */
function storedShown(model: Model, sent: CouponUpdateEntry, shown: Record<string, unknown>): Problem | undefined {
  const before = model.redemptions.find((r) => r.id === sent.redemptionId)!;
  const wrong = (field: string, got: unknown, want: string): Problem => ({
    title: `redemption ${sent.redemptionId} does not show the stored ${field}`,
    received: `${field} ${show(got)}`,
    documented: `${field} ${want} (what the update stored: put-v2-coupon-redeem.txt)`,
  });
  if (typeof shown.billAmount === 'number' && shown.billAmount !== sent.billAmount) return wrong('billAmount', shown.billAmount, show(sent.billAmount));
  const field = <T>(name: 'transactionNumber' | 'billId', value: T | undefined, prior: Known<T>): Problem | undefined => {
    const got = shown[name];
    if (value !== undefined && value !== '') return got === value ? undefined : wrong(name, got, show(value));
    // Never set in this sequence: the pages say nothing of a fresh redemption's fields (the redeem's transaction number, a default, ...).
    if (!prior.known || blank(got) || got === prior.value) return undefined;
    return wrong(name, got, `${show(prior.value)} (stored before) or empty`);
  };
  const p = field('transactionNumber', sent.transactionNumber, before.transactionNumber) ?? field('billId', sent.billId, before.billId);
  if (p) return p;
  const cf = isObject(shown.customFields) ? shown.customFields : undefined;
  for (const [k, v] of Object.entries(sent.customFields ?? {})) {
    if (!cf || cf[k] !== v) return wrong(`customFields.${k}`, cf?.[k], show(v));
  }
  for (const [k, v] of Object.entries(before.customFields)) {
    if (cf && k in cf && cf[k] !== v && !(sent.customFields && k in sent.customFields)) return wrong(`customFields.${k}`, cf[k], `${show(v)} (stored before) or absent`);
  }
  return undefined;
}

// ---------------------------------------------------------------- PUT /v2/points/updateRedemption

export type PointsBy = 'redemptionId' | 'externalReferenceNumber' | 'both' | 'neither' | 'unknown';
export type EntityVariant = 'owner' | 'other-customer' | 'invalid-type' | 'no-value' | 'none';

export interface PointsUpdate {
  record: number;
  by: PointsBy;
  entity: EntityVariant;
  billId?: number;
  billNumber?: string;
  purpose?: string;
}

export function predictPoints(contract: Contract, model: Model, u: PointsUpdate): Prediction {
  const op = 'updatePointsRedemption' as const;
  const record = model.points[u.record]!;
  const situations: string[] = [];
  if (u.by === 'both') situations.push('both-identifiers');
  if (u.by === 'neither') situations.push('neither-identifier');
  if (u.billId === undefined && u.billNumber === undefined && u.purpose === undefined) situations.push('no-metadata');
  if (u.entity === 'invalid-type') situations.push('invalid-entity-type');
  if (u.entity === 'no-value') situations.push('invalid-entity-details');
  if (u.by === 'unknown') situations.push('unknown-redemption');
  // An entity naming another customer than the record's: the page does not say it must match; refused (1219) or accepted.
  const mayRefuse = u.entity === 'other-customer' || (u.entity === 'owner' && record.owner === undefined) ? ['invalid-entity-details'] : [];
  if (situations.length) {
    return {
      expected: `${refusalText(contract, op, situations)}; nothing stored`,
      judge: (answer) => {
        const p = judgeRefusal(contract, op, situations, answer);
        return p ? fail(p) : ok();
      },
    };
  }
  const sent: [string, string, unknown][] = [];
  if (u.billId !== undefined) sent.push(['billId', 'billId', u.billId]);
  if (u.billNumber !== undefined) sent.push(['billNumber', 'billNumber', u.billNumber]);
  if (u.purpose !== undefined) sent.push(['purpose', 'redemptionPurpose', u.purpose]);
  const keep: [keyof typeof record & ('billId' | 'billNumber' | 'purpose'), string][] = [['billId', 'billId'], ['billNumber', 'billNumber'], ['purpose', 'redemptionPurpose']];
  return {
    expected: `updated: HTTP 2xx with the record ${record.redemptionId} / ${record.externalReferenceNumber}, showing ${sent.map(([, k, v]) => `${k} ${show(v)}`).join(', ')} and the fields stored before${mayRefuse.length ? `; or ${refusalText(contract, op, mayRefuse)} (the entity names another customer)` : ''}`,
    judge(answer) {
      if (mayRefuse.length && !(is2xx(answer.status) && !isErrorEnvelope(answer.json))) {
        const p = judgeRefusal(contract, op, mayRefuse, answer);
        return p ? fail(p) : ok();
      }
      const accepted = judgeAccepted(answer, this.expected);
      if (accepted) return fail(accepted);
      const rec = isObject(answer.json) ? answer.json : {};
      if (rec.redemptionId !== record.redemptionId) {
        return fail({ title: 'another points redemption was updated', received: `redemptionId ${show(rec.redemptionId)}`, documented: `redemptionId ${show(record.redemptionId)} (the record named by ${u.by} ${show(u.by === 'externalReferenceNumber' ? record.externalReferenceNumber : record.redemptionId)})` });
      }
      if (!blank(rec.externalReferenceNumber) && rec.externalReferenceNumber !== record.externalReferenceNumber) {
        return fail({ title: 'another points redemption was updated', received: `externalReferenceNumber ${show(rec.externalReferenceNumber)}`, documented: `externalReferenceNumber ${show(record.externalReferenceNumber)}` });
      }
      for (const [, key, value] of sent) {
        if (rec[key] !== value) return fail({ title: `the record does not show the updated ${key}`, received: `${key} ${show(rec[key])}`, documented: `${key} ${show(value)} (sent in this update)` });
      }
      for (const [field, key] of keep) {
        if (sent.some(([f]) => f === field)) continue;
        const prior = record[field];
        if (prior.known && rec[key] !== prior.value) {
          return fail({ title: `the record does not show the ${key} stored before`, received: `${key} ${show(rec[key])}`, documented: `${key} ${show(prior.value)} (stored by an earlier update, by ${'either identifier'})` });
        }
      }
      return ok((m) => {
        const r = m.points[u.record]!;
        if (u.billId !== undefined) r.billId = { known: true, value: u.billId };
        if (u.billNumber !== undefined) r.billNumber = { known: true, value: u.billNumber };
        if (u.purpose !== undefined) r.purpose = { known: true, value: u.purpose };
      });
    },
  };
}
