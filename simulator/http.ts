// What a handler returns, and the JSON envelopes shared by the endpoints.
import type { IncomingHttpHeaders } from 'node:http';

/** Labels an answer so a fault hook can find the one it changes (see faults.ts). */
export type AnswerTag =
  | 'malformed-body'
  | 'issue-success'
  | 'bulk-success'
  | 'bulk-failure'
  | 'coupon-update'
  | 'points-success'
  | 'points-identifiers'
  | 'points-not-found'
  | 'points-error'
  | 'error';

export interface Answer {
  status: number;
  /** Serialized as JSON unless `raw` is set. */
  body?: unknown;
  /** A pre-rendered body (an HTML error page, a truncated JSON text), sent as is. */
  raw?: { body: string | Buffer; contentType: string };
  headers?: Record<string, string>;
  tag?: AnswerTag;
}

export type JsonObject = Record<string, unknown>;

/** The error envelope of the v2 APIs (FACTS.md, "Other v2 APIs"). */
export interface ErrorEnvelope {
  warnings: unknown[];
  errors: { status: false; code: number; message: string }[];
}

export function errorEnvelope(code: number, message: string): ErrorEnvelope {
  return { warnings: [], errors: [{ status: false, code, message }] };
}

export function json(status: number, body: unknown, tag?: AnswerTag): Answer {
  return { status, body, tag };
}

export function failure(status: number, code: number, message: string, tag: AnswerTag = 'error'): Answer {
  return json(status, errorEnvelope(code, message), tag);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** null, undefined and "" all count as "not passed". */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
