// What a property asserts about one answer, read from the document: which codes a situation
// documents (x-situations), which HTTP status (httpStatus, else any 4xx), whether a refusal
// may come as a 200 error envelope (x-refusal-may-be-200). No code is written here.
import { codesIn, isErrorEnvelope } from '../../src/contract/envelopes.ts';
import type { OperationId, Situation } from '../../src/contract/index.ts';
import { describeCodes } from '../../src/runtime/expect.ts';
import { expectConforming, failWith, is2xx, is4xx, type Received } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import type { InvalidRequest } from '../../generators/mutators.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function statusText(received: Received): string {
  const codes = codesIn(received.response.json);
  return `HTTP ${received.response.status}${codes.length ? `, codes ${codes.join(', ')}` : ', no code in the body'}`;
}

/** A 2xx whose body says that something failed (an error envelope, success false, failed entries). */
function failureIn2xxBody(json: unknown): boolean {
  if (isErrorEnvelope(json)) return true;
  if (!isObject(json)) return false;
  const entity = isObject(json.entity) ? json.entity : {};
  const status = isObject(entity.status) ? entity.status : {};
  return json.success === false || status.status === false || Number(json.failureCount) > 0 || Number(entity.failedCount) > 0;
}

/** The documented codes of an operation that a valid request may still be refused with. */
export function businessCodes(operation: OperationId, ruledOut: readonly string[]): number[] {
  const { contract } = session();
  const excluded = new Set(ruledOut.flatMap((key) => contract.codes(operation, key)));
  return contract.operation(operation).statusCodes.map((c) => c.code).filter((c) => !excluded.has(c));
}

/**
 * positive_data_acceptance: the valid request is accepted (a 2xx that reports no failure),
 * or refused only with documented codes of situations it may be in (an expired series, a
 * blocked customer...), never with those of situations it is provably not in (`ruledOut`:
 * it has a customer, the coupons are the customer's and unused...). The answer conforms.
 */
export function expectAcceptedOrBusinessRefusal(received: Received, ruledOut: readonly string[]): void {
  const operation = received.request.operation;
  // What the pages allow, in words: only needed for a failure (most answers pass).
  const documented = () => `a 2xx, or a refusal with a documented business code (${describeCodes(operation, businessCodes(operation, ruledOut)) || 'none documented'})`;
  const { status, json } = received.response;
  if (status >= 500) failWith(received, { title: `a valid request got HTTP ${status}`, received: statusText(received), documented: documented() });
  expectConforming(received);
  const refused = !is2xx(status) || failureIn2xxBody(json);
  if (!refused) return;
  const allowed = businessCodes(operation, ruledOut);
  const codes = codesIn(json);
  if (codes.length > 0 && codes.every((c) => allowed.includes(c))) return;
  failWith(received, {
    title: 'refused a valid request',
    received: statusText(received),
    documented: documented(),
    details: [`the request is in none of the situations ${ruledOut.join(', ')}`],
  });
}

/** Whether the document lets a refusal in these situations come as a 200 error envelope. */
function refusalMayBe200(operation: OperationId): boolean {
  return session().contract.operation(operation).refusalMayBe200 === true;
}

function documentedRefusal(operation: OperationId, situations: Situation[]): string {
  const statuses = situations.every((s) => s.httpStatus) ? [...new Set(situations.flatMap((s) => s.httpStatus!))] : undefined;
  const codes = [...new Set(situations.flatMap((s) => s.codes))];
  const status = statuses
    ? `HTTP ${statuses.join(' or ')}`
    : `a 4xx${refusalMayBe200(operation) ? ' (or a 200 error envelope: the page documents no status)' : ' (the page documents no status)'}`;
  const optional = situations.some((s) => s.codeOptional) ? ' where a code is sent' : '';
  return `${status} with code ${describeCodes(operation, codes)}${optional} (${situations[0].key}: ${situations[0].description})`;
}

/**
 * negative_data_rejection: an invalid request is refused (a 4xx; a 200 error envelope where
 * the document allows it), in the documented status and envelope, with a documented code
 * of its situations (none needed where the situation is codeOptional); never a 5xx.
 */
export function expectRejected(received: Received, invalid: InvalidRequest): void {
  const operation = received.request.operation;
  const { contract } = session();
  const situations = invalid.situations.map((key) => contract.situation(operation, key));
  // What the pages allow, in words: only needed for a failure (most answers pass).
  const documented = () => documentedRefusal(operation, situations);
  const { status, json } = received.response;
  const refusedIn200 = status === 200 && refusalMayBe200(operation) && isErrorEnvelope(json);
  if (status >= 500) {
    failWith(received, { title: `${invalid.mutator}: an invalid request got HTTP ${status}, a server error`, received: statusText(received), documented: documented() });
  }
  if (!is4xx(status) && !refusedIn200) {
    failWith(received, { title: `${invalid.mutator}: the host accepted an invalid request`, received: statusText(received), documented: documented() });
  }
  const statuses = situations.every((s) => s.httpStatus) ? situations.flatMap((s) => s.httpStatus!) : undefined;
  if (statuses && !refusedIn200 && !statuses.includes(status)) {
    failWith(received, { title: `${invalid.mutator}: refused with an undocumented status`, received: statusText(received), documented: documented() });
  }
  expectConforming(received);
  const codes = codesIn(json);
  const expected = situations.flatMap((s) => s.codes);
  if (codes.some((c) => expected.includes(c))) return;
  if (codes.length === 0 && situations.some((s) => s.codeOptional)) return;
  failWith(received, { title: `${invalid.mutator}: refused without the documented code`, received: statusText(received), documented: documented() });
}
