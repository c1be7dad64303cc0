// Judging one answer against what the documentation allows, without a run session: a
// refusal answers a documented status (any 4xx where none is documented; for the points API
// also a 200 error envelope) and one of its situations' documented codes; an acceptance is
// a 2xx that is not an error envelope. The refusal verdict is the suite's own (src/runtime/verdicts.ts).
import { codesIn, isErrorEnvelope } from '../contract/envelopes.ts';
import { refusalProblem } from '../runtime/verdicts.ts';
import type { Contract, OperationId } from '../contract/index.ts';

export interface Answer {
  status: number;
  json: unknown;
  text: string;
}

/** Why an answer is not what the pages allow. */
export interface Problem {
  title: string;
  received: string;
  documented: string;
}

export const is2xx = (s: number) => s >= 200 && s < 300;
export const is4xx = (s: number) => s >= 400 && s < 500;

export function statusText(answer: Answer): string {
  const codes = codesIn(answer.json);
  return `HTTP ${answer.status}${codes.length ? `, codes ${codes.join(', ')}` : ', no code in the body'}`;
}

export function describeCodes(contract: Contract, op: OperationId, codes: number[]): string {
  return codes.map((c) => `${c} (${contract.messageOf(op, c) ?? 'documented'})`).join(' or ');
}

/** What a refusal in any of `situations` may look like, in words. */
export function refusalText(contract: Contract, op: OperationId, situations: string[]): string {
  const all = situations.map((s) => contract.situation(op, s));
  const statuses = all.every((s) => s.httpStatus) ? [...new Set(all.flatMap((s) => s.httpStatus!))] : undefined;
  const codes = [...new Set(all.flatMap((s) => s.codes))];
  const status = statuses ? `HTTP ${statuses.join(' or ')}` : `a 4xx${contract.operation(op).refusalMayBe200 ? ' (or a 200 error envelope)' : ''}`;
  return `refused (${situations.join(' / ')}): ${status} with code ${describeCodes(contract, op, codes)}`;
}

/** The answer is a refusal as documented for one of `situations` (their codes pooled: either reading passes): the suite's one refusal verdict. */
export function judgeRefusal(contract: Contract, op: OperationId, situations: string[], answer: Answer): Problem | undefined {
  const problem = refusalProblem(contract, op, situations, answer);
  return problem ? { title: problem.title, received: statusText(answer), documented: refusalText(contract, op, situations) } : undefined;
}

/** The answer accepts the request: a 2xx that is not an error envelope (a partial coupon update, 762, is a 2xx the pages show). */
export function judgeAccepted(answer: Answer, documented: string): Problem | undefined {
  if (is2xx(answer.status) && !isErrorEnvelope(answer.json)) return undefined;
  return { title: 'refused a request the pages say succeeds', received: statusText(answer), documented };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
