// Judging one answer against what the documentation allows, without a run session: a
// refusal answers a documented status (any 4xx where none is documented; for the points API
// also a 200 error envelope) and one of its situations' documented codes; an acceptance is
// a 2xx that is not an error envelope. The refusal verdict is the suite's own (src/runtime/verdicts.ts).
import { isErrorEnvelope } from '../contract/envelopes.ts';
import { is2xx } from '../runtime/exchange.ts';
import { describeCodes, refusalProblem, statusText } from '../runtime/verdicts.ts';
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

export { is2xx, is4xx } from '../runtime/exchange.ts';
export { describeCodes, statusText } from '../runtime/verdicts.ts';

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

export { isObject } from '../util/json.ts';
