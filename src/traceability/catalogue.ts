// The catalogue of documented rules, read from the OpenAPI document (openapi/openapi.yaml):
// what the vendor pages say a host must do, one entry per rule, each with a stable id.
//
//   <prefix>.situation.<key>      an operation's x-situations entry (which codes answer it)
//   <prefix>.code.<code>          an operation's x-status-codes entry (a documented vendor code)
//   <prefix>.status.<key>         a response the operation documents (200, 400, 401, 4XX, 521)
//   <prefix>.batch-limit          an operation's x-batch-limit (the profile's bulkRedeemMax)
//   <prefix>.response.<check>     a response check of src/checks (applied to every answer)
//   page-defect.<id>              an x-page-defects entry: how the suite reads a defect of a page
//
// <prefix> is the operation's x-check-prefix, the prefix of its check ids too, so a rule id
// reads like the ids of the checks that cover it.
import { RESPONSE_CHECKS, operationName } from '../checks/index.ts';
import { loadDocument, readOperations, readProfile, type Document, type OperationInfo } from '../contract/index.ts';

export type RuleKind = 'situation' | 'code' | 'status' | 'batch-limit' | 'response-check' | 'page-defect';

export interface DocumentedRule {
  /** Stable, dotted: `bulk-redeem.situation.foreign-coupon`, `page-defect.redemption-id-type`. */
  id: string;
  kind: RuleKind;
  /** 'POST /v2/coupon/bulk/redeem', or '*' for a rule of the pages as a whole. */
  operation: string;
  /** The operation's check-id prefix ('' for rules of the pages as a whole). */
  prefix: string;
  /** The rule as a sentence. */
  title: string;
  /** The vendor page (and passage) it comes from. */
  source: string;
  /** Further detail: the codes, the documented status, the defect. */
  detail?: string;
}

/** Display order of the kinds (the catalogue's order within an operation). */
export const RULE_KINDS: readonly RuleKind[] = ['situation', 'batch-limit', 'status', 'code', 'response-check', 'page-defect'];

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  situation: 'documented situation (x-situations)',
  'batch-limit': 'batch limit (x-batch-limit)',
  status: 'documented response (responses)',
  code: 'documented code (x-status-codes)',
  'response-check': 'response check (every answer)',
  'page-defect': 'page defect reading (x-page-defects)',
};

type RawResponse = { $ref?: string; description?: string };
type RawOperation = { responses?: Record<string, RawResponse>; 'x-batch-limit'?: { profile: string; appliesTo?: string; exceeded?: { situation?: string } } };

function rawOperation(doc: Document, op: OperationInfo): RawOperation {
  return ((doc.paths ?? {}) as Record<string, Record<string, RawOperation>>)[op.path][op.method];
}

function resolveRef(doc: Document, ref: string): RawResponse {
  let node: unknown = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return (node ?? {}) as RawResponse;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0].trim();
}

/** Every documented rule of the document, operation by operation, then the page defects. */
export function buildCatalogue(doc: Document = loadDocument()): DocumentedRule[] {
  const rules: DocumentedRule[] = [];
  const profile = readProfile(doc);
  for (const op of readOperations(doc)) {
    const operation = operationName(op);
    const base = { operation, prefix: op.prefix };
    const raw = rawOperation(doc, op);
    for (const s of Object.values(op.situations)) {
      const codes = s.codes.map((c) => `${c}${op.statusCodes.find((e) => e.code === c) ? ` "${op.statusCodes.find((e) => e.code === c)!.message}"` : ''}`);
      rules.push({
        ...base,
        id: `${op.prefix}.situation.${s.key}`,
        kind: 'situation',
        title: s.description,
        source: op.source,
        detail: `${s.httpStatus ? `HTTP ${s.httpStatus.join(' or ')}` : 'any 4xx where refused (no status documented)'}; code ${codes.join(' or ')}${s.codeOptional ? ' where a code is sent' : ''}`,
      });
    }
    const limit = raw['x-batch-limit'];
    if (limit) {
      const value = (profile as unknown as Record<string, { value: unknown; source: string; description: string }>)[limit.profile];
      rules.push({
        ...base,
        id: `${op.prefix}.batch-limit`,
        kind: 'batch-limit',
        title: `at most ${String(value?.value)} entries in ${limit.appliesTo ?? 'one request'} (x-profile.${limit.profile}; --bulk-max overrides); more is refused${limit.exceeded?.situation ? ` as ${limit.exceeded.situation}` : ''}`,
        source: value?.source ?? op.source,
        detail: firstLine(value?.description),
      });
    }
    for (const key of op.responseKeys) {
      let response = raw.responses?.[key] ?? {};
      if (response.$ref) response = resolveRef(doc, response.$ref);
      rules.push({
        ...base,
        id: `${op.prefix}.status.${key}`,
        kind: 'status',
        title: `HTTP ${key}: ${firstLine(response.description) || 'documented response'}`,
        source: op.source,
      });
    }
    for (const entry of op.statusCodes) {
      rules.push({
        ...base,
        id: `${op.prefix}.code.${entry.code}`,
        kind: 'code',
        title: `code ${entry.code} "${entry.message}": ${entry.meaning}`,
        source: op.source,
      });
    }
    for (const check of RESPONSE_CHECKS) {
      rules.push({
        ...base,
        id: `${op.prefix}.response.${check.name}`,
        kind: 'response-check',
        title: check.title,
        source: `${op.source}; openapi.yaml (How the suite reads this document)`,
      });
    }
  }
  for (const defect of doc['x-page-defects'] ?? []) {
    rules.push({
      id: `page-defect.${defect.id}`,
      kind: 'page-defect',
      operation: '*',
      prefix: '',
      title: defect.reading,
      source: defect.page,
      detail: `Defect: ${defect.defect}`,
    });
  }
  return rules;
}
