// Loads the hand-written OpenAPI document (openapi/openapi.yaml) once, and reads the
// suite's extensions from it: x-check-prefix, x-status-codes, x-situations, x-profile.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load as parse } from 'js-yaml';
import type { OpenAPIV3_1 } from 'openapi-types';

export const DOCUMENT_PATH = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));

export type OperationId =
  | 'issueCoupon'
  | 'bulkRedeemCoupons'
  | 'updateCouponRedemption'
  | 'updatePointsRedemption';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** One row of an operation's `x-status-codes`: a documented vendor code. */
export interface StatusCodeEntry {
  code: number;
  message: string;
  meaning: string;
}

/** One entry of an operation's `x-situations`: which codes may answer a documented situation. */
export interface Situation {
  key: string;
  codes: number[];
  /** The documented HTTP status(es), where the pages document one; absent: any 4xx. */
  httpStatus?: number[];
  /** No code is documented for it: a body without a code passes. */
  codeOptional: boolean;
  /** No page gives its code: any code (or none, with codeOptional) passes; `codes` are the readings seen. */
  anyCode?: boolean;
  description: string;
}

export interface ProfileValue<T> {
  value: T;
  description: string;
  source: string;
  alternatives: { value: T; source: string }[];
}

export interface Profile {
  bulkRedeemMax: ProfileValue<number>;
  rateLimitPerMinute: ProfileValue<number>;
  dryRunParameter: ProfileValue<string>;
}

export interface OperationInfo {
  id: OperationId;
  method: HttpMethod;
  path: string;
  /** The prefix of the operation's check ids, e.g. `bulk-redeem`. */
  prefix: string;
  summary: string;
  /** The vendor page the operation comes from. */
  source: string;
  /** Whether a conforming host changes state when this operation succeeds. */
  writes: boolean;
  /** The page documents no error status: a refusal may also come as a 200 whose body is an error envelope. */
  refusalMayBe200: boolean;
  /** The response keys the document declares: '200', '400', '4XX', ... */
  responseKeys: string[];
  statusCodes: StatusCodeEntry[];
  situations: Record<string, Situation>;
  /** The security schemes the operation accepts (names of components.securitySchemes). */
  security: string[];
}

export type Document = OpenAPIV3_1.Document & {
  'x-profile': Record<string, { value: unknown; description: string; source: string; alternatives?: { value: unknown; source: string }[] }>;
  'x-page-defects': { id: string; page: string; defect: string; reading: string }[];
};

let cached: Document | undefined;

/** The document, parsed once per process. Callers must not mutate it. */
export function loadDocument(): Document {
  if (!cached) cached = parse(readFileSync(DOCUMENT_PATH, 'utf8')) as Document;
  return cached;
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'delete', 'patch'];

type RawOperation = OpenAPIV3_1.OperationObject & {
  'x-check-prefix': string;
  'x-source': string;
  'x-writes': boolean;
  'x-refusal-may-be-200'?: boolean;
  'x-status-codes': StatusCodeEntry[];
  'x-situations': Record<string, { codes: number[]; httpStatus?: number | number[]; codeOptional?: boolean; anyCode?: boolean; description: string }>;
};

function asList(value: number | number[] | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** Every operation of the document with the suite's extensions read and checked. */
export function readOperations(doc: Document): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, unknown>)[method] as RawOperation | undefined;
      if (!op) continue;
      if (!op.operationId || !op['x-check-prefix'] || !op['x-status-codes'] || !op['x-situations']) {
        throw new Error(`openapi: ${method.toUpperCase()} ${path} lacks operationId, x-check-prefix, x-status-codes or x-situations`);
      }
      const situations: Record<string, Situation> = {};
      for (const [key, s] of Object.entries(op['x-situations'])) {
        situations[key] = {
          key,
          codes: s.codes,
          httpStatus: asList(s.httpStatus),
          codeOptional: s.codeOptional === true,
          ...(s.anyCode === true ? { anyCode: true } : {}),
          description: s.description,
        };
      }
      const security = (op.security ?? doc.security ?? []).flatMap((req) => Object.keys(req));
      operations.push({
        id: op.operationId as OperationId,
        method,
        path,
        prefix: op['x-check-prefix'],
        summary: op.summary ?? '',
        source: op['x-source'],
        writes: op['x-writes'] === true,
        refusalMayBe200: op['x-refusal-may-be-200'] === true,
        responseKeys: Object.keys(op.responses ?? {}),
        statusCodes: op['x-status-codes'],
        situations,
        security,
      });
    }
  }
  return operations;
}

export function readProfile(doc: Document): Profile {
  const raw = doc['x-profile'];
  const read = <T>(key: keyof Profile): ProfileValue<T> => {
    const entry = raw?.[key];
    if (!entry) throw new Error(`openapi: x-profile.${key} is missing`);
    return {
      value: entry.value as T,
      description: entry.description,
      source: entry.source,
      alternatives: (entry.alternatives ?? []) as { value: T; source: string }[],
    };
  };
  return {
    bulkRedeemMax: read<number>('bulkRedeemMax'),
    rateLimitPerMinute: read<number>('rateLimitPerMinute'),
    dryRunParameter: read<string>('dryRunParameter'),
  };
}

/** One operation's metadata, read from the document without compiling anything (for spec tables). */
export function operationInfo(id: OperationId): OperationInfo {
  const op = readOperations(loadDocument()).find((o) => o.id === id);
  if (!op) throw new Error(`openapi: no operation ${id}`);
  return op;
}
