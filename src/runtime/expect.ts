// Assertions that rules share, reading what is documented from the contract: a refusal
// answers the situation's documented status and one of its documented codes; an
// acceptance is a 2xx that is not an error envelope.
import { codesIn, isErrorEnvelope } from '../contract/envelopes.ts';
import type { OperationId } from '../contract/index.ts';
import { failWith, is2xx, type Received } from './rule.ts';
import { session } from './session.ts';

/** "702 (Coupon code is invalid) or 719 (Coupon code does not exist)". */
export function describeCodes(operation: OperationId, codes: number[]): string {
  const { contract } = session();
  return codes.map((c) => `${c} (${contract.messageOf(operation, c) ?? 'documented'})`).join(' or ');
}

function statusText(received: Received): string {
  const codes = codesIn(received.response.json);
  return `HTTP ${received.response.status}${codes.length ? `, codes ${codes.join(', ')}` : ', no code in the body'}`;
}

/** The statuses a refusal in this situation may come with, as the document says. */
function refusalStatusOk(operation: OperationId, httpStatus: number[] | undefined, status: number, body: unknown): boolean {
  if (httpStatus) return httpStatus.includes(status);
  if (status >= 400 && status < 500) return true;
  const op = session().contract.operation(operation);
  return op.refusalMayBe200 && status === 200 && isErrorEnvelope(body);
}

/** The request was refused as the document says for `situationKey`: status and code. */
export function expectRefusal(received: Received, situationKey: string): void {
  const operation = received.request.operation;
  const situation = session().contract.situation(operation, situationKey);
  const { status, json } = received.response;
  const documentedStatus = situation.httpStatus
    ? `HTTP ${situation.httpStatus.join(' or ')}`
    : `a 4xx${session().contract.operation(operation).refusalMayBe200 ? ' (or a 200 error envelope: the page documents no status)' : ' (the page documents no status)'}`;
  const documented = `${documentedStatus} with code ${describeCodes(operation, situation.codes)}${situation.codeOptional ? ' where a code is sent' : ''}: ${situation.description}`;
  if (!refusalStatusOk(operation, situation.httpStatus, status, json)) {
    failWith(received, { title: `not refused as documented (${situationKey})`, received: statusText(received), documented });
  }
  const codes = codesIn(json);
  if (situation.codeOptional && codes.length === 0) return;
  if (!codes.some((c) => situation.codes.includes(c))) {
    failWith(received, { title: `refused without the documented code (${situationKey})`, received: statusText(received), documented });
  }
}

/** The request was accepted: a 2xx that is not an error envelope. */
export function expectAccepted(received: Received, documented: string): void {
  const { status, json } = received.response;
  if (is2xx(status) && !isErrorEnvelope(json)) return;
  failWith(received, { title: 'refused a request the pages say succeeds', received: statusText(received), documented });
}
