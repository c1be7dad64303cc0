// The response checks: one table of small named functions, applied to every response the
// suite receives (as schemathesis applies its checks). Each returns nothing when the
// response conforms, a typed Failure when it does not, or NOT_APPLICABLE. A check's name is
// its id in reports, filters and baselines: `<operation prefix>.<check name>`.
import { summarize, type Contract, type OperationInfo, type ResponseVerdict } from '../contract/index.ts';
import type { ApiResponse, Exchange } from '../client/index.ts';
import type { Failure } from '../results/types.ts';
import type { Redact } from '../redact.ts';

export const NOT_APPLICABLE = 'n/a' as const;
export type CheckOutcome = Failure | undefined | typeof NOT_APPLICABLE;

export interface CheckContext {
  contract: Contract;
  op: OperationInfo;
  exchange: Exchange & { response: ApiResponse };
  redact: Redact;
  /** The schema verdict of this response, computed once for all the checks that need it. */
  verdict?: ResponseVerdict;
}

function verdictOf(ctx: CheckContext): ResponseVerdict {
  const res = ctx.exchange.response;
  ctx.verdict ??= ctx.contract.validateResponse(ctx.op.id, res.status, res.json);
  return ctx.verdict;
}

export interface ResponseCheck {
  name: string;
  /** The rule, as a sentence. */
  title: string;
  run(ctx: CheckContext): CheckOutcome;
}

const BODY_LIMIT = 2000;

export function operationName(op: OperationInfo): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** A trimmed, redacted copy of a response for a failure. */
export function trimmedResponse(res: ApiResponse | undefined, redact: Redact): Failure['response'] {
  if (!res) return { status: null, body: '' };
  const body = res.text.length > BODY_LIMIT ? `${res.text.slice(0, BODY_LIMIT)}... (${res.text.length} bytes)` : res.text;
  return { status: res.status, contentType: res.contentType, body: redact(body) };
}

export function failureOf(ctx: Pick<CheckContext, 'op' | 'exchange' | 'redact'>, f: Omit<Failure, 'operation' | 'curl' | 'response'>): Failure {
  return {
    ...f,
    operation: operationName(ctx.op),
    curl: ctx.exchange.curl,
    response: trimmedResponse(ctx.exchange.response, ctx.redact),
  };
}

function documentedStatuses(op: OperationInfo): string {
  return op.responseKeys.join(', ');
}

/** A 5xx is a server error unless the operation documents that very status (e.g. 521). */
export function notAServerError(ctx: CheckContext): CheckOutcome {
  const { status } = ctx.exchange.response;
  if (status < 500) return undefined;
  if (ctx.op.responseKeys.includes(String(status))) return undefined;
  return failureOf(ctx, {
    kind: 'server-error',
    title: `the host answered ${status}, a server error`,
    received: `HTTP ${status}`,
    documented: `no 5xx for any input; this operation documents ${documentedStatuses(ctx.op)}`,
  });
}

/** The status is one the operation documents (exactly, or by its range: 4XX). */
export function statusCodeConformance(ctx: CheckContext): CheckOutcome {
  const { status } = ctx.exchange.response;
  if (ctx.contract.responseKeyFor(ctx.op.id, status) !== null) return undefined;
  return failureOf(ctx, {
    kind: 'undocumented-status',
    title: `HTTP ${status} is not a status this operation documents`,
    received: `HTTP ${status}`,
    documented: documentedStatuses(ctx.op),
  });
}

/** A response the document gives a JSON body is sent as application/json, and parses. */
export function contentTypeConformance(ctx: CheckContext): CheckOutcome {
  const res = ctx.exchange.response;
  const verdict = verdictOf(ctx);
  if (!verdict.hasBody) return NOT_APPLICABLE;
  const type = (res.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    return failureOf(ctx, {
      kind: 'schema-violation',
      title: `the ${res.status} answer is not sent as JSON`,
      received: `Content-Type: ${res.contentType ?? '(none)'}`,
      documented: `Content-Type: application/json (response ${verdict.responseKey})`,
    });
  }
  if (res.jsonError) {
    return failureOf(ctx, {
      kind: 'schema-violation',
      title: `the ${res.status} answer says JSON but ${res.jsonError}`,
      received: res.jsonError,
      documented: `a JSON body (response ${verdict.responseKey})`,
    });
  }
  return undefined;
}

/** The body matches the schema the document gives that operation and status. */
export function responseSchemaConformance(ctx: CheckContext): CheckOutcome {
  const res = ctx.exchange.response;
  if (res.json === undefined) return NOT_APPLICABLE; // not JSON: content_type_conformance says so
  const verdict = verdictOf(ctx);
  if (!verdict.hasBody) return NOT_APPLICABLE;
  if (!verdict.errors.length) return undefined;
  const shown = summarize(verdict.errors);
  return failureOf(ctx, {
    kind: 'schema-violation',
    title: `the ${res.status} body does not match the documented schema: ${shown[0].message}`,
    received: shown.map((e) => e.message).join('; '),
    documented: `the schema of response ${verdict.responseKey} of ${ctx.op.id} (openapi/openapi.yaml)`,
    details: shown.map((e) => `${e.message} [${e.keyword} at ${e.schemaPath}]`),
  });
}

/** The table. Order is the order of reports. */
export const RESPONSE_CHECKS: readonly ResponseCheck[] = [
  { name: 'not_a_server_error', title: 'never answers with an undocumented 5xx', run: notAServerError },
  { name: 'status_code_conformance', title: 'answers only with statuses the operation documents', run: statusCodeConformance },
  { name: 'content_type_conformance', title: 'sends documented JSON bodies as parseable application/json', run: contentTypeConformance },
  { name: 'response_schema_conformance', title: 'every body matches the documented schema for its status', run: responseSchemaConformance },
];

export interface CheckVerdict {
  check: ResponseCheck;
  outcome: CheckOutcome;
}

export function runResponseChecks(ctx: CheckContext): CheckVerdict[] {
  return RESPONSE_CHECKS.map((check) => ({ check, outcome: check.run(ctx) }));
}
