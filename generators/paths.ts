// JSON-pointer helpers for generated request bodies: read, set and remove a value at a path
// such as '/redemptions/0/billAmount'. Mutators change a copy, never the generated value
// itself, because fast-check reuses generated values while shrinking.

/** '/a/b/0' -> ['a', 'b', '0'] (RFC 6901 escapes ~0 and ~1). */
export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: '${pointer}'`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

export function valueAt(body: unknown, pointer: string): unknown {
  let node: unknown = body;
  for (const key of segmentsOf(pointer)) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function hasValueAt(body: unknown, pointer: string): boolean {
  const keys = segmentsOf(pointer);
  const last = keys.pop();
  const parent = valueAt(body, keys.length ? `/${keys.join('/')}` : '');
  return last !== undefined && isContainer(parent) && Object.hasOwn(parent, last);
}

/** A copy of `body` with `value` at `pointer` (the parent must exist). */
export function withValueAt<T>(body: T, pointer: string, value: unknown): T {
  const copy = structuredClone(body);
  const keys = segmentsOf(pointer);
  const last = keys.pop();
  if (last === undefined) return value as T;
  const parent = valueAt(copy, keys.length ? `/${keys.join('/')}` : '');
  if (!isContainer(parent)) throw new Error(`no object at the parent of '${pointer}'`);
  (parent as Record<string, unknown>)[last] = value;
  return copy;
}

/** A copy of `body` without the value at `pointer` (an array entry is spliced out). */
export function withoutValueAt<T>(body: T, pointer: string): T {
  const copy = structuredClone(body);
  const keys = segmentsOf(pointer);
  const last = keys.pop();
  const parent = valueAt(copy, keys.length ? `/${keys.join('/')}` : '');
  if (last === undefined || !isContainer(parent)) return copy;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}
