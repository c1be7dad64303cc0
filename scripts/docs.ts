// `npm run docs` (after Redocly renders the OpenAPI page) and `npm run rules`: the rules page,
// reports/docs/rules.html and rules.md: every documented rule → the checks that cover it →
// the last run's result (reports/results.json when present). No host is needed.
//
//   tsx scripts/docs.ts [--results FILE] [--out DIR] [--strict]
//
// --strict exits 1 when a check covers no rule or the mapping names a rule or check that
// does not exist (the traceability test holds the suite to that; here it is a warning).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeProblems, isClean, readLastRun, writeRulesDocs } from '../src/traceability/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const { values } = parseArgs({
  options: {
    results: { type: 'string', default: resolve(ROOT, 'reports/results.json') },
    out: { type: 'string', default: resolve(ROOT, 'reports/docs') },
    strict: { type: 'boolean', default: false },
  },
});

const last = readLastRun(resolve(values.results!));
const { trace, files } = await writeRulesDocs({ outDir: resolve(values.out!), last });
const problems = describeProblems(trace.problems);
for (const p of problems) process.stderr.write(`docs: warning: ${p}\n`);
process.stdout.write(
  `rules: ${trace.rules.length} documented rules, ${trace.rules.length - trace.uncovered.length} covered, ${trace.uncovered.length} uncovered; ${trace.checks.length} checks` +
    `${last ? `; last run ${last.file}` : '; no results.json (run npx conformance for each rule\'s last result)'}\n` +
    `wrote ${files.join(', ')}\n`,
);
process.exit(values.strict && !isClean(trace.problems) ? 1 : 0);
