// The contract: every request and response schema of the OpenAPI document compiled once
// (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it, with ajv-formats), looked up by
// operation and HTTP status, with structured errors.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  loadDocument,
  readOperations,
  readProfile,
  type Document,
  type OperationId,
  type OperationInfo,
  type Profile,
  type Situation,
} from './document.ts';

export * from './document.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One schema violation, as the suite reports it. */
export interface SchemaError {
  /** JSON pointer into the instance ('' is the whole body). */
  instancePath: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `anyOf`, ...). */
  keyword: string;
  /** A readable sentence naming the field, e.g. `/seriesId must be integer`. */
  message: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

export interface ResponseVerdict {
  /** The response key of the document that the status falls under ('200', '4XX'), or null: undocumented status. */
  responseKey: string | null;
  /** Whether the document gives that response a JSON body (and so a schema). */
  hasBody: boolean;
  /** Violations of that response's schema; empty when it conforms or no schema applies. */
  errors: SchemaError[];
}

export interface ContractOptions {
  /** The batch limit to hold bulk redeem to; default: the document's x-profile.bulkRedeemMax. */
  bulkMax?: number;
}

const DOC_ID = 'urn:conformance:openapi';

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** The field an ajv error is about, for a sentence that names it. */
function fieldOf(e: ErrorObject): string {
  const base = e.instancePath || '';
  if (e.keyword === 'required') return `${base}/${String((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${base}/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
  return base || '(body)';
}

export function toSchemaErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  // An if/then/else schema's own "must match then/else" repeats the branch's errors: left out.
  return (errors ?? []).filter((e) => e.keyword !== 'if').map((e) => {
    const field = fieldOf(e);
    const message =
      e.keyword === 'required'
        ? `${field} is required but missing`
        : `${field} ${e.message ?? 'is invalid'}${e.keyword === 'enum' || e.keyword === 'const' ? `: ${JSON.stringify(e.params)}` : ''}`;
    return {
      instancePath: e.instancePath,
      keyword: e.keyword,
      message,
      schemaPath: e.schemaPath,
      params: e.params as Record<string, unknown>,
    };
  });
}

/**
 * Of the errors of an anyOf/oneOf, the ones worth showing: the deepest (most specific)
 * paths first, the combinator's own summary last, and no duplicates.
 */
export function summarize(errors: SchemaError[], max = 5): SchemaError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
  const combinators = new Set(['anyOf', 'oneOf', 'allOf', 'if']);
  const specific = unique.filter((e) => !combinators.has(e.keyword));
  const rest = unique.filter((e) => combinators.has(e.keyword));
  specific.sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
  return [...specific, ...rest].slice(0, max);
}

/** `make` called on the first call only; its value kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export class Contract {
  readonly document: Document;
  readonly profile: Profile;
  readonly bulkMax: number;
  readonly operations: readonly OperationInfo[];
  private readonly byId = new Map<OperationId, OperationInfo>();
  /** Compiled on first use, once: a run meets only some of the documented answers. */
  private readonly requestValidators = new Map<OperationId, () => ValidateFunction>();
  private readonly responseValidators = new Map<string, (() => ValidateFunction) | null>();

  /**
   * The query of a dry run: every documented name of the parameter (x-profile dryRunParameter
   * and its alternatives: `is_redeemable`, `isredeemable`), each `true`, so a host that reads
   * either name makes a dry run (x-readings bulk-dry-run-parameter).
   */
  dryRunQuery(): Record<string, string> {
    const { value, alternatives } = this.profile.dryRunParameter;
    return Object.fromEntries([value, ...alternatives.map((a) => a.value)].map((name) => [name, 'true']));
  }

  constructor(options: ContractOptions = {}) {
    this.document = loadDocument();
    this.profile = readProfile(this.document);
    this.bulkMax = options.bulkMax ?? this.profile.bulkRedeemMax.value;
    if (!Number.isInteger(this.bulkMax) || this.bulkMax < 1) throw new Error(`bulkMax must be a positive integer, got ${this.bulkMax}`);
    this.operations = readOperations(this.document);

    // The document itself is the schema root, so every `#/components/...` ref resolves.
    // A copy, with the batch limit set to the one the suite holds the host to.
    const root = structuredClone(this.document) as Document & { $id: string };
    root.$id = DOC_ID;
    const bulkList = (root.components?.schemas?.BulkRedeemRequest as { properties: Record<string, { maxItems?: number }> })
      .properties.redemptionRequestList;
    bulkList.maxItems = this.bulkMax;

    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(ajv);
    ajv.addSchema(root as object);

    for (const op of this.operations) {
      this.byId.set(op.id, op);
      const opPtr = `#/${pointer('paths', op.path, op.method)}`;
      const opObj = (root.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: unknown }> }; responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> }>>)[op.path][op.method];
      if (opObj.requestBody?.content['application/json']?.schema) {
        this.requestValidators.set(op.id, once(() => ajv.compile({ $ref: `${DOC_ID}${opPtr}/${pointer('requestBody', 'content', 'application/json', 'schema')}` })));
      }
      for (const key of op.responseKeys) {
        let response = opObj.responses[key];
        let ref = `${DOC_ID}${opPtr}/${pointer('responses', key)}`;
        if (response.$ref) {
          ref = `${DOC_ID}${response.$ref}`;
          response = resolvePointer(root, response.$ref) as typeof response;
        }
        const hasSchema = response.content?.['application/json']?.schema !== undefined;
        this.responseValidators.set(
          `${op.id} ${key}`,
          hasSchema ? once(() => ajv.compile({ $ref: `${ref}/${pointer('content', 'application/json', 'schema')}` })) : null,
        );
      }
    }
  }

  operation(id: OperationId): OperationInfo {
    const op = this.byId.get(id);
    if (!op) throw new Error(`openapi: no operation ${id}`);
    return op;
  }

  /** The response key a status falls under: the exact status, then its range (`4XX`), then `default`. */
  responseKeyFor(id: OperationId, status: number): string | null {
    const keys = this.operation(id).responseKeys;
    for (const key of [String(status), `${String(status)[0]}XX`, 'default']) if (keys.includes(key)) return key;
    return null;
  }

  validateRequest(id: OperationId, body: unknown): SchemaError[] {
    const validate = this.requestValidators.get(id)?.();
    if (!validate) throw new Error(`openapi: ${id} has no JSON request body`);
    return validate(body) ? [] : toSchemaErrors(validate.errors);
  }

  validateResponse(id: OperationId, status: number, body: unknown): ResponseVerdict {
    const responseKey = this.responseKeyFor(id, status);
    if (responseKey === null) return { responseKey, hasBody: false, errors: [] };
    const validate = this.responseValidators.get(`${id} ${responseKey}`)?.();
    if (!validate) return { responseKey, hasBody: false, errors: [] };
    return { responseKey, hasBody: true, errors: validate(body) ? [] : toSchemaErrors(validate.errors) };
  }

  /** The documented codes that may answer a situation of an operation. */
  situation(id: OperationId, key: string): Situation {
    const s = this.operation(id).situations[key];
    if (!s) throw new Error(`openapi: ${id} documents no situation '${key}'`);
    return s;
  }

  codes(id: OperationId, situationKey: string): number[] {
    return this.situation(id, situationKey).codes;
  }

  isDocumentedCode(id: OperationId, code: number): boolean {
    return this.operation(id).statusCodes.some((c) => c.code === code);
  }

  /** The page's message for a documented code, for readable failures. */
  messageOf(id: OperationId, code: number): string | undefined {
    return this.operation(id).statusCodes.find((c) => c.code === code)?.message;
  }
}

function resolvePointer(root: unknown, ref: string): unknown {
  const parts = ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return node;
}

const contracts = new Map<number | undefined, Contract>();

/** The contract for a batch limit, compiled once per process and limit. */
export function getContract(options: ContractOptions = {}): Contract {
  let contract = contracts.get(options.bulkMax);
  if (!contract) {
    contract = new Contract(options);
    contracts.set(options.bulkMax, contract);
  }
  return contract;
}
