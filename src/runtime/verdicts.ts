// The verdicts rules share, read from the contract (no code is written here): a refusal
// answers one of its situations' documented statuses (any 4xx where none is documented, a
// 200 error envelope where x-refusal-may-be-200 allows it) and one of their documented codes,
// never a 5xx; an acceptance is a 2xx that is not an error envelope. Scenarios and properties
// use the same functions.
import { codesIn, isErrorEnvelope } from '../contract/envelopes.ts';
import type { Contract, OperationId, Situation } from '../contract/index.ts';
import type { FailureKind } from '../results/types.ts';
import { isObject } from '../util/json.ts';
import type { RunContext } from './context.ts';
import { expectConforming, failWith, is2xx, is4xx, type Received } from './exchange.ts';

/** "702 (Coupon code is invalid) or 719 (Coupon code does not exist)". */
export function describeCodes(contract: Contract, operation: OperationId, codes: number[]): string {
  return codes.map((c) => `${c} (${contract.messageOf(operation, c) ?? 'documented'})`).join(' or ');
}

/** "HTTP 400, codes 702, 749": an answer as failures quote it. */
export function statusText(answer: { status: number; json: unknown }): string {
  const codes = codesIn(answer.json);
  return `HTTP ${answer.status}${codes.length ? `, codes ${codes.join(', ')}` : ', no code in the body'}`;
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
  const anyCode = situations.some((s) => s.anyCode) ? ' (or any code: no page gives one)' : '';
  return `${status} with code ${describeCodes(ctx.contract, operation, codes)}${anyCode}${optional}: ${situations.map((s) => `${s.key} (${s.description})`).join('; ')}`;
}

/** What is wrong with an answer to a request in `situationKeys`, or undefined when it is refused as documented. */
export interface RefusalProblem {
  kind: FailureKind;
  title: string;
}

/**
 * The refusal verdict, pure (no run context): the answer is refused as the document says for
 * its situation(s): never a 5xx (unless documented, as 521 customer-busy), not accepted, a
 * status one of the situations documents (any 4xx, or a 200 error envelope where allowed,
 * for those that document none), and one of the codes of the situations that status answers
 * (none needed where codeOptional, any where anyCode). Scenarios, properties and the model of
 * the sequences (src/model) all judge refusals with it.
 */
export function refusalProblem(contract: Contract, operation: OperationId, situationKeys: readonly string[], answer: { status: number; json: unknown }): RefusalProblem | undefined {
  const situations = situationKeys.map((key) => contract.situation(operation, key));
  const keys = situationKeys.join(', ');
  const { status, json } = answer;
  const refusedIn200 = status === 200 && contract.operation(operation).refusalMayBe200 === true && failureIn2xxBody(json);
  // The situations this status may answer: those that document it, and (as a 4xx, or a 200
  // error envelope where allowed) those that document no status.
  const matching = situations.filter((s) => (s.httpStatus ? s.httpStatus.includes(status) : is4xx(status) || refusedIn200));
  const documentsStatus = situations.some((s) => s.httpStatus?.includes(status));
  if (status >= 500 && !documentsStatus) return { kind: 'server-error', title: `got HTTP ${status}, a server error, where a refusal is documented (${keys})` };
  if (!is4xx(status) && !refusedIn200 && !documentsStatus) return { kind: 'accepted-invalid-request', title: `not refused as documented (${keys})` };
  if (!matching.length) return { kind: 'undocumented-status', title: `refused with an undocumented status (${keys})` };
  const codes = codesIn(json);
  if (codes.length === 0 && matching.some((s) => s.codeOptional)) return undefined;
  if (codes.length > 0 && matching.some((s) => s.anyCode)) return undefined;
  const expected = matching.flatMap((s) => s.codes);
  if (!codes.some((c) => expected.includes(c))) return { kind: 'undocumented-code', title: `refused without the documented code (${keys})` };
  return undefined;
}

/** The refusal verdict (refusalProblem) as an assertion of a rule: fails with a typed failure. `label` prefixes the title (a mutator's name). */
export function expectRefusal(ctx: RunContext, received: Received, situationKeys: string | readonly string[], label?: string): void {
  const operation = received.request.operation;
  const keys = typeof situationKeys === 'string' ? [situationKeys] : situationKeys;
  const problem = refusalProblem(ctx.contract, operation, keys, received.response);
  if (!problem) return;
  const situations = keys.map((key) => ctx.contract.situation(operation, key));
  failWith(ctx, received, { kind: problem.kind, title: `${label ? `${label}: ` : ''}${problem.title}`, received: statusText(received.response), documented: documentedRefusal(ctx, operation, situations) });
}

/** The request was accepted: a 2xx that is not an error envelope. */
export function expectAccepted(ctx: RunContext, received: Received, documented: string): void {
  const { status, json } = received.response;
  if (is2xx(status) && !isErrorEnvelope(json)) return;
  failWith(ctx, received, { kind: status >= 500 ? 'server-error' : 'rejected-valid-request', title: 'refused a request the pages say succeeds', received: statusText(received.response), documented });
}

/** A 2xx whose body says that something failed (an error envelope, success false, failed entries). */
export function failureIn2xxBody(json: unknown): boolean {
  if (isErrorEnvelope(json)) return true;
  if (!isObject(json)) return false;
  const entity = isObject(json.entity) ? json.entity : {};
  const status = isObject(entity.status) ? entity.status : {};
  return json.success === false || status.status === false || Number(json.failureCount) > 0 || Number(entity.failedCount) > 0;
}

/**
 * positive_data_acceptance: a valid request gets the documented success of its situation(s):
 * a 2xx, a body that reports no failure, and, where the body carries status codes, only the
 * success codes of those situations (one of them required unless every situation's code is
 * optional). A refusal, even with a documented code, fails: the request is valid and the
 * fixtures say it can succeed. `codes: false` where the body has no status code (the issued
 * coupon's `code` is the coupon). The answer also conforms (the response checks).
 */
export function expectDocumentedSuccess(ctx: RunContext, received: Received, situationKeys: readonly string[], options: { codes?: boolean } = {}): void {
  const operation = received.request.operation;
  const situations = situationKeys.map((key) => ctx.contract.situation(operation, key));
  const success = [...new Set(situations.flatMap((s) => s.codes))];
  const optional = situations.every((s) => s.codeOptional);
  const documented = `a 2xx${success.length ? ` with code ${describeCodes(ctx.contract, operation, success)}${optional ? ' where a code is sent' : ''}` : ''} (${situationKeys.join(', ') || 'the success'}); the request is valid and the fixtures say it succeeds`;
  const { status, json } = received.response;
  const fail = (kind: FailureKind, title: string): never => failWith(ctx, received, { kind, title, received: statusText(received.response), documented });
  if (status >= 500) fail('server-error', `a valid request got HTTP ${status}`);
  if (!is2xx(status) || failureIn2xxBody(json)) fail('rejected-valid-request', 'refused a valid request');
  expectConforming(received);
  if (options.codes === false) return;
  const codes = codesIn(json);
  if (codes.length === 0 && !optional && success.length) fail('undocumented-code', 'a success without its documented code');
  const others = codes.filter((c) => !success.includes(c));
  if (others.length) fail('undocumented-code', `a success that carries the code(s) ${others.join(', ')}, not the success code`);
}
