// Every check of the suite, without a host: the mocha specs of the root .mocharc.json are
// loaded (not run) and their tests carrying rule() metadata walked, plus the response checks
// of every operation (src/checks: `<prefix>.<check name>`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { glob } from 'glob';
import { RESPONSE_CHECKS, operationName } from '../checks/index.ts';
import { loadDocument, readOperations } from '../contract/index.ts';
import type { RuleState } from '../runtime/rule.ts';
import type { CheckRef } from './coverage.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The rule() states of a loaded mocha suite, in registration order. */
export function ruleStates(suite: Mocha.Suite): RuleState[] {
  const out: RuleState[] = [];
  const walk = (s: Mocha.Suite) => {
    for (const test of s.tests) {
      const state = (test as Mocha.Test & { conformance?: RuleState }).conformance;
      if (state) out.push(state);
    }
    s.suites.forEach(walk);
  };
  walk(suite);
  return out;
}

/** The response checks of every operation, as the recorder names them. */
export function responseCheckRefs(): CheckRef[] {
  return readOperations(loadDocument()).flatMap((op) =>
    RESPONSE_CHECKS.map((check) => ({ id: `${op.prefix}.${check.name}`, kind: 'response' as const, title: check.title, source: op.source, operation: operationName(op) })),
  );
}

/** The spec files of the conformance suite (root .mocharc.json). */
export async function specFiles(): Promise<string[]> {
  const rc = JSON.parse(readFileSync(`${ROOT}.mocharc.json`, 'utf8')) as { spec: string[] };
  return (await glob(rc.spec, { cwd: ROOT, absolute: true })).sort();
}

const MOCHA_GLOBALS = ['describe', 'context', 'xdescribe', 'xcontext', 'it', 'specify', 'xit', 'xspecify', 'before', 'after', 'beforeEach', 'afterEach', 'run'];

let cached: Promise<CheckRef[]> | undefined;

/**
 * Every check of the suite: the rules of the specs (loaded, not run), then the response
 * checks. Once per process (ES modules load once, so the specs cannot register twice).
 * The mocha globals of a surrounding mocha run (the project's tests) are restored after.
 */
export function listChecks(): Promise<CheckRef[]> {
  cached ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    const saved = Object.fromEntries(MOCHA_GLOBALS.map((k) => [k, g[k]]));
    try {
      const mocha = new Mocha({});
      for (const file of await specFiles()) mocha.addFile(file);
      await mocha.loadFilesAsync();
      const opName = new Map(readOperations(loadDocument()).map((op) => [op.id, operationName(op)]));
      const rules: CheckRef[] = ruleStates(mocha.suite).map((s) => ({
        id: s.id,
        kind: s.kind,
        title: s.title,
        source: s.source,
        operation: s.operation ? opName.get(s.operation) ?? '*' : '*',
      }));
      return [...rules, ...responseCheckRefs()];
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete g[k];
        else g[k] = v;
      }
    }
  })();
  return cached;
}
