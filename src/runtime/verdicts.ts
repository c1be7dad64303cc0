// The verdicts rules share, read from the contract (no code is written here): a refusal
// answers one of its situations' documented statuses (any 4xx where none is documented, a
// 200 error envelope where x-refusal-may-be-200 allows it) and one of their documented codes,
// never a 5xx; an acceptance is a 2xx that is not an error envelope. Scenarios and properties
// use the same functions.
import { codesIn, isErrorEnvelope } from '../contract/envelopes.ts';
import type { OperationId, Situation } from '../contract/index.ts';
import type { FailureKind } from '../results/types.ts';
import { isObject } from '../util/json.ts';
import type { RunContext } from './context.ts';
import { expectConforming, failWith, is2xx, is4xx, type Received } from './exchange.ts';

/** "702 (Coupon code is invalid) or 719 (Coupon code does not exist)". */
export function describeCodes(ctx: RunContext, operation: OperationId, codes: number[]): string {
  return codes.map((c) => `${c} (${ctx.contract.messageOf(operation, c) ?? 'documented'})`).join(' or ');
}

export function statusText(received: Received): string {
  const codes = codesIn(received.response.json);
  return `HTTP ${received.response.status}${codes.length ? `, codes ${codes.join(', ')}` : ', no code in the body'}`;
}

function refusalMayBe200(ctx: RunContext, operation: OperationId): boolean {
  return ctx.contract.operation(operation).refusalMayBe200 === true;
}

function documentedRefusal(ctx: RunContext, operation: OperationId, situations: Situation[]): string {
  const statuses = situations.every((s) => s.httpStatus) ? [...new Set(situations.flatMap((s) => s.httpStatus!))] : undefined;
  const codes = [...new Set(situations.flatMap((s) => s.codes))];
  const status = statuses
    ? `HTTP ${statuses.join(' or ')}`
    : `a 4xx${refusalMayBe200(ctx, operation) ? ' (or a 200 error envelope: the page documents no status)' : ' (the page documents no status)'}`;
  const optional = situations.some((s) => s.codeOptional) ? ' where a code is sent' : '';
  return `${status} with code ${describeCodes(ctx, operation, codes)}${optional}: ${situations.map((s) => `${s.key} (${s.description})`).join('; ')}`;
}

/**
 * The request was refused as the document says for its situation(s): never a 5xx, not
 * accepted, a documented status, and one of the documented codes (none needed where the
 * situation is codeOptional). `label` prefixes the failure titles (a mutator's name).
 */
export function expectRefusal(ctx: RunContext, received: Received, situationKeys: string | readonly string[], label?: string): void {
  const operation = received.request.operation;
  const keys = typeof situationKeys === 'string' ? [situationKeys] : situationKeys;
  const situations = keys.map((key) => ctx.contract.situation(operation, key));
  const prefix = label ? `${label}: ` : '';
  const fail = (kind: FailureKind, title: string): never =>
    failWith(ctx, received, { kind, title: `${prefix}${title}`, received: statusText(received), documented: documentedRefusal(ctx, operation, situations) });
  const { status, json } = received.response;
  const refusedIn200 = status === 200 && refusalMayBe200(ctx, operation) && isErrorEnvelope(json);
  if (status >= 500) fail('server-error', `got HTTP ${status}, a server error, where a refusal is documented (${keys.join(', ')})`);
  if (!is4xx(status) && !refusedIn200) fail('accepted-invalid-request', `not refused as documented (${keys.join(', ')})`);
  const statuses = situations.every((s) => s.httpStatus) ? situations.flatMap((s) => s.httpStatus!) : undefined;
  if (statuses && !refusedIn200 && !statuses.includes(status)) fail('undocumented-status', `refused with an undocumented status (${keys.join(', ')})`);
  const codes = codesIn(json);
  if (codes.length === 0 && situations.some((s) => s.codeOptional)) return;
  const expected = situations.flatMap((s) => s.codes);
  if (!codes.some((c) => expected.includes(c))) fail('undocumented-code', `refused without the documented code (${keys.join(', ')})`);
}

/** The request was accepted: a 2xx that is not an error envelope. */
export function expectAccepted(ctx: RunContext, received: Received, documented: string): void {
  const { status, json } = received.response;
  if (is2xx(status) && !isErrorEnvelope(json)) return;
  failWith(ctx, received, { kind: status >= 500 ? 'server-error' : 'rejected-valid-request', title: 'refused a request the pages say succeeds', received: statusText(received), documented });
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
export function businessCodes(ctx: RunContext, operation: OperationId, ruledOut: readonly string[]): number[] {
  const excluded = new Set(ruledOut.flatMap((key) => ctx.contract.codes(operation, key)));
  return ctx.contract.operation(operation).statusCodes.map((c) => c.code).filter((c) => !excluded.has(c));
}

/**
 * positive_data_acceptance: the valid request is accepted (a 2xx that reports no failure),
 * or refused only with documented codes of situations it may be in, never with those of
 * situations it is provably not in (`ruledOut`). The answer conforms.
 */
export function expectAcceptedOrBusinessRefusal(ctx: RunContext, received: Received, ruledOut: readonly string[]): void {
  const operation = received.request.operation;
  const documented = () => `a 2xx, or a refusal with a documented business code (${describeCodes(ctx, operation, businessCodes(ctx, operation, ruledOut)) || 'none documented'})`;
  const { status, json } = received.response;
  if (status >= 500) failWith(ctx, received, { kind: 'server-error', title: `a valid request got HTTP ${status}`, received: statusText(received), documented: documented() });
  expectConforming(received);
  const refused = !is2xx(status) || failureIn2xxBody(json);
  if (!refused) return;
  const allowed = businessCodes(ctx, operation, ruledOut);
  const codes = codesIn(json);
  if (codes.length > 0 && codes.every((c) => allowed.includes(c))) return;
  failWith(ctx, received, {
    kind: 'rejected-valid-request',
    title: 'refused a valid request',
    received: statusText(received),
    documented: documented(),
    details: [`the request is in none of the situations ${ruledOut.join(', ')}`],
  });
}
