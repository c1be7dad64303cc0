// The command line of `npx conformance` (commander) and the gate's own options, checked
// before anything runs.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { GateConfigError, loadBaseline, loadDeviations, type Baseline, type Deviation } from '../baseline/index.ts';
import { PROGRESS_MODES, type ProgressMode } from '../progress/index.ts';

export function program(version: string): Command {
  return new Command('conformance')
    .description('Checks a host against the vendor-documented v2 coupon and points API (openapi/openapi.yaml).\nWith no --base-url, runs against the embedded reference host.')
    .version(version)
    .addOption(new Option('--base-url <url>', 'host to test (env CONFORMANCE_BASE_URL); absent: the embedded reference host'))
    .addOption(new Option('--fixtures <file>', 'fixtures JSON, required with --base-url (env CONFORMANCE_FIXTURES)'))
    .addOption(new Option('--username <user>', 'Basic auth user (env CONFORMANCE_USERNAME)'))
    .addOption(new Option('--password <password>', 'Basic auth password; the suite MD5-hashes it (env CONFORMANCE_PASSWORD)'))
    .addOption(new Option('--oauth-token <token>', 'sent as X-CAP-API-OAUTH-TOKEN (env CONFORMANCE_OAUTH_TOKEN)'))
    .addOption(new Option('--oauth-key <key>', 'OAuth client key: a token from POST /v3/oauth/token/generate, renewed before it expires (env CONFORMANCE_OAUTH_KEY)'))
    .addOption(new Option('--oauth-secret <secret>', 'OAuth client secret, with --oauth-key (env CONFORMANCE_OAUTH_SECRET)'))
    .addOption(new Option('--preflight', 'only the read-only preflight (at most 5 dry runs): the host answers, the credentials work, the fixtures customers exist; exit 0 or 2'))
    .addOption(new Option('--allow-writes', 'permit issue/redeem/update against a non-loopback host (env CONFORMANCE_ALLOW_WRITES=1)'))
    .addOption(new Option('--bulk-max <n>', 'documented batch limit to hold the host to (default: fixtures limits.bulkRedeemMax, else 50)'))
    .addOption(new Option('--max-rpm <n>', 'client-side rate limit (env CONFORMANCE_MAX_RPM); default 1000 remote, unlimited on loopback'))
    .addOption(new Option('--timeout <ms>', 'per-request timeout in ms (default 10000)'))
    .addOption(new Option('--seed <n>', 'property-based seed (env FC_SEED)'))
    .addOption(new Option('--runs <n>', 'property-based runs per property (env FC_RUNS)'))
    .addOption(new Option('--sequences <n>', 'model-based sequences per run, 0 for none (env CONFORMANCE_SEQUENCES; default 8)'))
    .addOption(new Option('--sequence-steps <n>', 'most commands in one sequence (default 10)'))
    .addOption(new Option('--grep <pattern>', 'run a subset: a pattern over rule titles, tags and check ids'))
    .addOption(new Option('--reports <dir>', 'where reports go (default reports/)'))
    .addOption(new Option('--baseline <file>', "a previous run's results.json: exit 1 only for checks that passed there and fail now (new checks are judged normally)"))
    .addOption(new Option('--write-baseline <file>', "record this run's results.json (redacted) as the accepted baseline"))
    .addOption(new Option('--deviations <file>', 'known vendor deviations (JSON or YAML: id, reason, expires?): reported as accepted, not counted until they expire'))
    .addOption(new Option('--compare-with <url>', 'a differential run: the same seeded requests to this second host too, each pair of answers compared (env CONFORMANCE_COMPARE_WITH)'))
    .addOption(new Option('--compare-fixtures <file>', "the second host's fixtures JSON, required with --compare-with (env CONFORMANCE_COMPARE_FIXTURES)"))
    .addOption(new Option('--compare-username <user>', 'Basic auth user of the second host (env CONFORMANCE_COMPARE_USERNAME)'))
    .addOption(new Option('--compare-password <password>', 'Basic auth password of the second host (env CONFORMANCE_COMPARE_PASSWORD)'))
    .addOption(new Option('--compare-oauth-token <token>', 'X-CAP-API-OAUTH-TOKEN of the second host (env CONFORMANCE_COMPARE_OAUTH_TOKEN)'))
    .argument('[command...]', '`replay FILE...`: re-run saved failures (reports/failures/<check-id>.json) and say FIXED or STILL FAILING')
    .addOption(new Option('--progress <mode>', 'progress output: live (one line redrawn in place), plain (a line per rule), auto (live on a terminal)').choices(PROGRESS_MODES as string[]).default('auto'))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** The gate's own options (not part of Config): read and checked before anything runs. */
export interface GateOptions {
  baseline?: Baseline;
  deviations?: { file: string; entries: Deviation[] };
  writeBaseline?: string;
  progress: ProgressMode;
}

export function readGateOptions(opts: { baseline?: string; writeBaseline?: string; deviations?: string; progress?: string }): GateOptions {
  const progress = (opts.progress ?? 'auto') as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new GateConfigError('--progress', `must be one of ${PROGRESS_MODES.join(', ')}`);
  if (opts.baseline !== undefined && !opts.baseline.trim()) throw new GateConfigError('--baseline', 'needs a file (a previous results.json)');
  if (opts.writeBaseline !== undefined && !opts.writeBaseline.trim()) throw new GateConfigError('--write-baseline', 'needs a file to write');
  if (opts.deviations !== undefined && !opts.deviations.trim()) throw new GateConfigError('--deviations', 'needs a file (JSON or YAML)');
  return {
    progress,
    ...(opts.baseline ? { baseline: loadBaseline(resolve(opts.baseline)) } : {}),
    ...(opts.deviations ? { deviations: { file: opts.deviations, entries: loadDeviations(resolve(opts.deviations)) } } : {}),
    ...(opts.writeBaseline ? { writeBaseline: resolve(opts.writeBaseline) } : {}),
  };
}
