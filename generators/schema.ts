// Derives fast-check arbitraries from the JSON Schemas of the OpenAPI document, for exactly
// the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the document's request
// schemas use: type (also type arrays), properties/required, additionalProperties, items,
// anyOf, oneOf, allOf, enum/const, min/maxItems, min/maxLength, minimum/maximum, pattern
// (through fc.stringMatching), format date-time, and $ref into the document.
// Any other keyword throws: a keyword this module ignored would let it generate requests
// the document calls invalid, so a new keyword in the document must be taught here first.
//
// A generated value is a pure function of the seed: nothing here reads the clock or
// Math.random, so the same seed sends the same requests.
//
// Per-operation refinements (requests.ts) pass `overrides`: arbitraries that replace the
// schema-derived one at a path of the body ('/customer', '/redemptions/*/redemptionId'),
// so the shape (which keys, which are optional) still comes from the schema while the
// leaves come from the fixtures and the domain arbitraries.
import fc from 'fast-check';
import { matching } from './text.ts';
import type { Contract, OperationId } from '../src/contract/index.ts';

/** The JSON Schema keywords this module reads; everything in a request schema must be one of these. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  [annotation: string]: unknown;
}

const KEYWORDS = new Set([
  '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf',
  'enum', 'const', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'pattern', 'format',
]);
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment']);
const FORMATS = new Set(['date-time']);

/** Builds the list at a path from its schema-derived item arbitrary (unique entries, fixture-bound sizes...). */
export type ListBuilder = (items: fc.Arbitrary<unknown>, bounds: { minLength: number; maxLength: number }) => fc.Arbitrary<unknown[]>;

export interface SchemaArbitraryConstraints {
  /** The document `$ref`s resolve in ('#/components/schemas/...'). */
  root: object;
  /** Replaces the schema-derived arbitrary at a body path ('/customer'; '*' stands for every array index). */
  overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Builds the array at a body path from its schema-derived items. */
  lists?: Readonly<Record<string, ListBuilder>>;
  /** Optional properties always generated, by body path. */
  require?: readonly string[];
  /** Optional properties never generated, by body path. */
  omit?: readonly string[];
  /** Most entries of an array (keeps requests small); maxItems still applies. Default 3. */
  maxArrayLength?: number;
  /** Longest string where the schema sets no maxLength. Default 12. */
  maxStringLength?: number;
}

const isSchemaObject = (v: unknown): v is SchemaObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The object a local `$ref` ('#/components/schemas/X') points to in the root document. */
export function resolveRef(ref: string, root: object): SchemaObject {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got '${ref}'`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    node = isSchemaObject(node) ? node[part] : undefined;
  }
  if (!isSchemaObject(node)) throw new Error(`$ref '${ref}' resolves to nothing in the document`);
  return node;
}

function without(schema: SchemaObject, ...keys: string[]): SchemaObject {
  const copy = { ...schema };
  for (const k of keys) delete copy[k];
  return copy;
}

/**
 * Two schemas as one (what allOf means), for the keywords above: properties merge key by key,
 * required lists unite, bounds take the tighter value, anything else the second wins.
 */
export function mergeSchemas(a: SchemaObject, b: SchemaObject): SchemaObject {
  const merged: SchemaObject = { ...a, ...b };
  if (a.properties || b.properties) {
    const properties: Record<string, SchemaObject> = { ...a.properties };
    for (const [key, sub] of Object.entries(b.properties ?? {})) {
      properties[key] = properties[key] ? { allOf: [properties[key], sub] } : sub;
    }
    merged.properties = properties;
  }
  if (a.required || b.required) merged.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.type !== undefined && b.type !== undefined) {
    // The common types; an integer is also a number.
    const within = (t: string, types: string[]) => types.includes(t) || (t === 'integer' && types.includes('number'));
    const aTypes = [a.type].flat();
    const bTypes = [b.type].flat();
    const both = [...new Set([...aTypes.filter((t) => within(t, bTypes)), ...bTypes.filter((t) => within(t, aTypes))])];
    if (!both.length) throw new Error(`allOf of incompatible types ${JSON.stringify(a.type)} and ${JSON.stringify(b.type)}`);
    merged.type = both.length === 1 ? both[0] : both;
  }
  const tighter = (key: 'minItems' | 'minLength' | 'minimum', pick: (x: number, y: number) => number) => {
    if (a[key] !== undefined && b[key] !== undefined) merged[key] = pick(a[key]!, b[key]!);
  };
  tighter('minItems', Math.max);
  tighter('minLength', Math.max);
  tighter('minimum', Math.max);
  for (const key of ['maxItems', 'maxLength', 'maximum'] as const) {
    if (a[key] !== undefined && b[key] !== undefined) merged[key] = Math.min(a[key]!, b[key]!);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    // The document never combines two of them; merging them would need an allOf of both.
    if (a[key] && b[key]) throw new Error(`allOf of two schemas that both have ${key}: not used by the document`);
  }
  return merged;
}

const flattened = new WeakMap<object, WeakMap<SchemaObject, SchemaObject>>();

/**
 * The schema with its $ref followed (siblings of $ref kept, as 2020-12 allows) and allOf
 * merged away. Once per schema object and document: every arbitrary built from the document
 * (one per operation and fixtures, several for bulk redeem) flattens the same nodes, and
 * nothing here or in its callers changes a schema object, so the result is shared.
 */
export function flatten(schema: SchemaObject, root: object): SchemaObject {
  let byRoot = flattened.get(root);
  if (!byRoot) flattened.set(root, (byRoot = new WeakMap()));
  let flat = byRoot.get(schema);
  if (!flat) byRoot.set(schema, (flat = flattenOnce(schema, root)));
  return flat;
}

function flattenOnce(schema: SchemaObject, root: object): SchemaObject {
  let s = schema;
  while (s.$ref) s = mergeSchemas(resolveRef(s.$ref, root), without(s, '$ref'));
  if (s.allOf) {
    const members = s.allOf.map((m) => flatten(m, root));
    s = members.reduce((acc, m) => mergeSchemas(acc, m), without(s, 'allOf'));
    return flatten(s, root);
  }
  if (s.properties) {
    // Property schemas stay lazy (flattened when generated), but a merged pair is resolved here.
    s = { ...s, properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, v.allOf ? flatten(v, root) : v])) };
  }
  return s;
}

function checkKeywords(schema: SchemaObject, path: string): void {
  for (const key of Object.keys(schema)) {
    if (KEYWORDS.has(key) || ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    throw new Error(`unsupported JSON Schema keyword '${key}' at body path '${path || '/'}': teach generators/schema.ts first`);
  }
  if (schema.format !== undefined && !FORMATS.has(schema.format)) {
    throw new Error(`unsupported format '${schema.format}' at body path '${path || '/'}'`);
  }
}

/** Whether a schema only says which keys are required (an anyOf/oneOf branch of the document). */
function onlyRequired(schema: SchemaObject): boolean {
  return Object.keys(schema).every((k) => k === 'required' || ANNOTATIONS.has(k));
}

/**
 * Branch i of a oneOf, made exclusive: the document's oneOf branches each require one key
 * (exactly one redemption identifier), so the keys the other branches require are left out.
 */
function oneOfBranch(schema: SchemaObject, i: number, root: object): SchemaObject {
  const branches = schema.oneOf!.map((b) => flatten(b, root));
  const chosen = mergeSchemas(without(schema, 'oneOf'), branches[i]);
  const properties = { ...chosen.properties };
  branches.forEach((other, j) => {
    if (j === i) return;
    if (!onlyRequired(other)) throw new Error('oneOf is supported where its branches differ only by `required` (as in the document)');
    for (const key of other.required ?? []) {
      if (chosen.required?.includes(key)) throw new Error(`oneOf branches ${i} and ${j} both require '${key}'`);
      delete properties[key];
    }
  });
  return { ...chosen, properties };
}

function typesOf(schema: SchemaObject, path: string): string[] {
  if (schema.type !== undefined) return [schema.type].flat();
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return ['object'];
  if (schema.items) return ['array'];
  throw new Error(`untyped schema at body path '${path || '/'}'`);
}

const clampSafe = (n: number) => Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n));

/** Identifier-like keys for free-form objects (additionalProperties): never '__proto__' and the like. */
const freeFormKey = () => matching(/^[a-z][a-z0-9_]{0,7}$/);

function toIsoDateTime(date: Date): string {
  return date.toISOString();
}

function stringArbitrary(s: SchemaObject, c: SchemaArbitraryConstraints): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? Math.max(minLength, c.maxStringLength ?? 12);
  const fits = (v: string) => v.length >= minLength && (s.maxLength === undefined || v.length <= s.maxLength);
  if (s.pattern !== undefined) return matching(new RegExp(s.pattern)).filter(fits);
  if (s.format === 'date-time') {
    return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map(toIsoDateTime).filter(fits);
  }
  return fc.string({ minLength, maxLength });
}

function objectArbitrary(s: SchemaObject, path: string, c: SchemaArbitraryConstraints): fc.Arbitrary<unknown> {
  const properties = s.properties ?? {};
  const required = new Set(s.required ?? []);
  for (const key of required) {
    if (!properties[key]) throw new Error(`'${key}' is required at body path '${path || '/'}' but has no schema`);
  }
  if (!Object.keys(properties).length && isSchemaObject(s.additionalProperties)) {
    const values = schemaArbitraryAt(s.additionalProperties, `${path}/*`, c);
    return fc.dictionary(freeFormKey(), values, { maxKeys: c.maxArrayLength ?? 3, noNullPrototype: true });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, sub] of Object.entries(properties)) {
    const at = `${path}/${escapeKey(key)}`;
    if (!required.has(key) && c.omit?.includes(at)) continue;
    model[key] = schemaArbitraryAt(sub, at, c);
    if (required.has(key) || c.require?.includes(at)) requiredKeys.push(key);
  }
  return fc.record(model, { requiredKeys, noNullPrototype: true });
}

function arrayArbitrary(s: SchemaObject, path: string, c: SchemaArbitraryConstraints): fc.Arbitrary<unknown[]> {
  if (!s.items) throw new Error(`array without items at body path '${path || '/'}'`);
  const items = schemaArbitraryAt(s.items, `${path}/*`, c);
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(s.maxItems ?? Number.POSITIVE_INFINITY, Math.max(minLength, c.maxArrayLength ?? 3));
  const build = c.lists?.[path];
  return build ? build(items, { minLength, maxLength }) : fc.array(items, { minLength, maxLength });
}

function typedArbitrary(s: SchemaObject, type: string, path: string, c: SchemaArbitraryConstraints): fc.Arbitrary<unknown> {
  switch (type) {
    case 'object':
      return objectArbitrary(s, path, c);
    case 'array':
      return arrayArbitrary(s, path, c);
    case 'string':
      return stringArbitrary(s, c);
    case 'integer':
      return fc.integer({ min: clampSafe(Math.ceil(s.minimum ?? Number.MIN_SAFE_INTEGER)), max: clampSafe(Math.floor(s.maximum ?? Number.MAX_SAFE_INTEGER)) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e12, max: s.maximum ?? 1e12, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`unsupported type '${type}' at body path '${path || '/'}'`);
  }
}

function schemaArbitraryAt(schema: SchemaObject, path: string, c: SchemaArbitraryConstraints): fc.Arbitrary<unknown> {
  const override = c.overrides?.[path];
  if (override) return override;
  const s = flatten(schema, c.root);
  checkKeywords(s, path);
  if (s.oneOf) return fc.oneof(...s.oneOf.map((_, i) => schemaArbitraryAt(oneOfBranch(s, i, c.root), path, c)));
  if (s.anyOf) return fc.oneof(...s.anyOf.map((branch) => schemaArbitraryAt(mergeSchemas(without(s, 'anyOf'), flatten(branch, c.root)), path, c)));
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = typesOf(s, path);
  if (types.length === 1) return typedArbitrary(s, types[0], path, c);
  return fc.oneof(...types.map((t) => typedArbitrary({ ...s, type: t }, t, path, c)));
}

/** Every value the schema accepts (within the size caps), derived from the schema alone. */
export function schemaArbitrary(schema: SchemaObject, constraints: SchemaArbitraryConstraints): fc.Arbitrary<unknown> {
  return schemaArbitraryAt(schema, '', constraints);
}

interface BatchLimit {
  profile: string;
  appliesTo: string;
}

const patchedRoots = new WeakMap<Contract, object>();

/**
 * The document as the contract reads it: a copy whose batch-limited lists (`x-batch-limit`)
 * carry the limit the suite holds the host to (`--bulk-max`, fixtures, else the profile).
 */
export function documentOf(contract: Contract): object {
  let root = patchedRoots.get(contract);
  if (root) return root;
  root = structuredClone(contract.document) as object;
  for (const op of contract.operations) {
    const raw = (root as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths[op.path][op.method];
    const limit = raw['x-batch-limit'] as BatchLimit | undefined;
    if (!limit) continue;
    let schema = requestSchemaIn(root, op.path, op.method);
    while (schema.$ref) schema = resolveRef(schema.$ref, root);
    const list = schema.properties?.[limit.appliesTo];
    if (!list) throw new Error(`x-batch-limit of ${op.id}: no property '${limit.appliesTo}'`);
    list.maxItems = limit.profile === 'bulkRedeemMax' ? contract.bulkMax : (contract.profile as unknown as Record<string, { value: number }>)[limit.profile].value;
  }
  patchedRoots.set(contract, root);
  return root;
}

function requestSchemaIn(root: object, path: string, method: string): SchemaObject {
  const op = (root as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaObject }> } }>> }).paths[path][method];
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} has no JSON request body`);
  return schema;
}

/** The request body schema of an operation, and the (patched) document it resolves in. */
export function requestSchema(contract: Contract, id: OperationId): { schema: SchemaObject; root: object } {
  const op = contract.operation(id);
  const root = documentOf(contract);
  return { schema: requestSchemaIn(root, op.path, op.method), root };
}

/** Valid request bodies of an operation, derived from its request schema alone (no fixtures). */
export function requestBodyArbitrary(contract: Contract, id: OperationId, constraints: Omit<SchemaArbitraryConstraints, 'root'> = {}): fc.Arbitrary<unknown> {
  const { schema, root } = requestSchema(contract, id);
  return schemaArbitrary(schema, { ...constraints, root });
}

/** The (flattened) schema of the value at a body path ('/redemptions/0/billAmount'), or undefined. */
export function schemaAt(schema: SchemaObject, root: object, pointer: string): SchemaObject | undefined {
  let s: SchemaObject | undefined = flatten(schema, root);
  for (const segment of pointer.split('/').slice(1)) {
    if (!s) return undefined;
    const next: SchemaObject | undefined = /^(\d+|\*)$/.test(segment) && s.items ? s.items : s.properties?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    s = next ? flatten(next, root) : undefined;
  }
  return s;
}

/** The JSON types the schema at a body path allows (its anyOf/oneOf branches included). */
export function typesAt(schema: SchemaObject, root: object, pointer: string): string[] {
  const at = schemaAt(schema, root, pointer);
  if (!at) throw new Error(`no schema at body path '${pointer}'`);
  const collect = (s: SchemaObject): string[] => [
    ...(s.type !== undefined ? [s.type].flat() : []),
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap((b) => collect(flatten(b, root))),
  ];
  const types = collect(at);
  return types.includes('number') ? [...new Set([...types, 'integer'])] : [...new Set(types)];
}
