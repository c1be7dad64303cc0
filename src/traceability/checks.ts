// Every check of the suite, without a host: the rules of the spec groups (src/rules, read
// as data, nothing run), plus the response checks of every operation (src/checks:
// `<prefix>.<check name>`).
import { RESPONSE_CHECKS, operationName } from '../checks/index.ts';
import { loadDocument, readOperations } from '../contract/index.ts';
import { loadGroups, type Rule } from '../rules/registry.ts';
import type { CheckRef } from './coverage.ts';

/** The response checks of every operation, as the recorder names them. */
export function responseCheckRefs(): CheckRef[] {
  return readOperations(loadDocument()).flatMap((op) =>
    RESPONSE_CHECKS.map((check) => ({ id: `${op.prefix}.${check.name}`, kind: 'response' as const, title: check.title, source: op.source, operation: operationName(op) })),
  );
}

/** The rules as traceability sees them: id, kind, title, source, operation and what they cover. */
export function ruleRefs(rules: readonly Rule[]): CheckRef[] {
  const opName = new Map(readOperations(loadDocument()).map((op) => [op.id, operationName(op)]));
  return rules.map(({ meta }) => ({
    id: meta.id,
    kind: meta.kind,
    title: meta.title,
    source: meta.source,
    operation: meta.operation ? opName.get(meta.operation) ?? '*' : '*',
    ...(meta.covers ? { covers: meta.covers } : {}),
  }));
}

/** Every check of the suite: the rules of the spec groups, then the response checks. */
export async function listChecks(): Promise<CheckRef[]> {
  const groups = await loadGroups();
  return [...ruleRefs(groups.flatMap((g) => g.rules)), ...responseCheckRefs()];
}
