// The differential run (issue 17, part 2; --compare-with URL --compare-fixtures FILE): the same
// seeded suite three times, as Twitter's Diffy does it: host A (primary), host A again
// (secondary: the noise calibration) and host B (candidate), one request at a time so each
// rule's requests get the same ordinals on every run. Every exchange a rule sends is recorded
// as `{ key: <check id>#<operation>.<ordinal>, operation, request, response }` through the run context's
// exchange hook; src/diff compares the pairs. Each host has its own client, fixtures,
// credentials and write guard (B's writes need --allow-writes when B is not on loopback, as
// A's do); every output is redacted for both hosts' credentials. The report is A's run with
// a `diff` section, in all four formats; exit 1 when a difference is not noise.
import type { Config } from '../config/index.ts';
import type { ApiRequest, Exchange } from '../client/index.ts';
import type { ExchangeHook } from '../runtime/context.ts';
import { createRedactor, type Redact } from '../redact.ts';
import { differential, renderDiffJson, type DiffReport, type RecordedExchange } from '../diff/index.ts';
import { writeReports } from '../report/index.ts';
import { EXIT, run, RunUsageError, type RunDeps, type RunOutcome } from './index.ts';

/**
 * Records every exchange of one run under `<rule id>#<operation>.<ordinal>`: the ordinal counts
 * the rule's requests to that operation, in sending order. Counting per operation keeps the
 * pairs aligned when a host makes one rule build a shared setup (a coupon pool) that another
 * rule built on the other host: those issues are unpaired, the rule's own requests still pair.
 */
export function exchangeRecorder(): { hook: ExchangeHook; exchanges: RecordedExchange[] } {
  const exchanges: RecordedExchange[] = [];
  const ordinals = new Map<string, number>();
  const hook: ExchangeHook = (req: ApiRequest, rule: string | undefined) => {
    const id = `${rule ?? '*'}#${req.operation}`;
    const n = ordinals.get(id) ?? 0;
    ordinals.set(id, n + 1);
    const key = `${id}.${n}`;
    return (ex: Exchange) => exchanges.push(recordOf(key, req, ex));
  };
  return { hook, exchanges };
}

function recordOf(key: string, req: ApiRequest, ex: Exchange): RecordedExchange {
  let path = ex.url;
  try {
    const url = new URL(ex.url);
    path = url.pathname + url.search;
  } catch {
    /* keep the text */
  }
  const body = req.body !== undefined ? req.body : req.rawBody;
  return {
    key,
    operation: req.operation,
    request: { method: ex.method, path, ...(body !== undefined ? { body } : {}), curl: ex.curl },
    response: ex.response ? { status: ex.response.status, headers: ex.response.headers, body: ex.response.json !== undefined ? ex.response.json : ex.response.text } : null,
    ...(ex.error ? { error: ex.error } : {}),
  };
}

export interface CompareOutcome extends RunOutcome {
  diff: DiffReport;
  /** Host B's own run (its failures are not the subject of a differential run, but are told). */
  candidate: { passed: number; failed: number; skipped: number; requests: number };
}

/**
 * Runs the suite on host A twice and on host B once, compares the recorded answers, writes
 * the reports (A's results with the `diff` section) and returns the outcome.
 * A RunUsageError from B's run (its preflight, its write guard) names --compare-with.
 */
export async function runCompare(config: Readonly<Config>, deps: RunDeps = {}): Promise<CompareOutcome> {
  const compare = config.compare;
  if (!compare) throw new RunUsageError('--compare-with is not set');
  const base = { startHost: deps.startHost, groups: deps.groups, tool: deps.tool, sequential: true, writeReports: false } satisfies RunDeps;

  const primary = exchangeRecorder();
  const a = await run(config, { ...deps, ...base, onExchange: primary.hook });
  const secondary = exchangeRecorder();
  await run(config, { ...base, onExchange: secondary.hook });

  const candidate = exchangeRecorder();
  const configB: Config = {
    ...config,
    baseUrl: compare.baseUrl,
    fixturesFile: compare.fixturesFile,
    fixtures: compare.fixtures,
    auth: compare.auth,
    remote: compare.remote,
    // The same batch limit as A (the same requests); B's own rate limit default when it is remote.
    bulkMax: a.results.run.bulkMax,
    maxRpm: config.maxRpm ?? (compare.remote ? 1000 : null),
    compare: undefined,
  };
  let b: RunOutcome;
  try {
    b = await run(configB, { ...base, onExchange: candidate.hook });
  } catch (err) {
    if (err instanceof RunUsageError) throw new RunUsageError(`--compare-with: ${err.message}`);
    throw err;
  }

  const redactB = createRedactor(compare.auth);
  const redact: Redact = (text) => redactB(a.redact(b.redact(text)));
  const diff = differential(
    { primary: primary.exchanges, secondary: secondary.exchanges, candidate: candidate.exchanges, fixturesA: a.fixtures, fixturesB: compare.fixtures },
    { redact },
  );
  const exitCode = a.exitCode === EXIT.usage ? EXIT.usage : diff.ok ? a.exitCode : EXIT.nonConformance;
  const results = { ...a.results, run: { ...a.results.run, exitCode }, diff: renderDiffJson(diff) };
  const { files } = deps.writeReports === false ? { files: [] } : await writeReports(results, config.reportsDir, redact, { requests: a.requestLog });
  const s = b.results.summary;
  return { ...a, results, exitCode, files, redact, diff, candidate: { passed: s.passed, failed: s.failed, skipped: s.skipped, requests: b.requests } };
}
