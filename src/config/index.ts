// The run's configuration: flags win over environment variables, which win over the
// fixtures file (DESIGN.md). Validated before anything is sent: a missing or malformed
// key is a ConfigError naming it (the CLI exits 2). The result is frozen.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fixturesSchema from './fixtures.schema.json' with { type: 'json' };

export interface Customer {
  id: number;
  mobile: string;
  externalId: string;
  email: string;
}

export interface PointsRedemptionFixture {
  redemptionId: string;
  externalReferenceNumber: string;
  customer: { mobile: string };
}

export interface Fixtures {
  seriesId: number;
  customers: Customer[];
  pointsRedemptions: PointsRedemptionFixture[];
  limits?: { bulkRedeemMax?: number };
  auth?: { type?: 'basic' | 'oauth'; username?: string; password?: string; oauthToken?: string };
}

export interface Auth {
  /** Basic credentials: the password is MD5-hashed before Base64 (the vendor's rule). */
  basic?: { username: string; password: string };
  /** Sent as X-CAP-API-OAUTH-TOKEN. */
  oauthToken?: string;
  /** OAuth client key and secret: a token from POST /v3/oauth/token/generate, renewed before its ttlSeconds run out. */
  oauth?: { key: string; secret: string };
}

export interface Config {
  /** The host under test; null: the embedded reference host. */
  baseUrl: string | null;
  fixturesFile: string | null;
  /** Loaded and validated; null until the embedded host supplies them. */
  fixtures: Fixtures | null;
  auth: Auth;
  allowWrites: boolean;
  /** The batch limit to hold the host to, and where it came from. */
  bulkMax: number | null;
  maxRpm: number | null;
  timeoutMs: number;
  seed: number;
  runs: number | null;
  /** Model-based sequences per run (--sequences; 0 turns them off) and most commands in one (--sequence-steps). */
  sequences: { runs: number; steps: number };
  grep: string | null;
  reportsDir: string;
  /** The host is not on loopback (or a test asked to treat loopback as remote). */
  remote: boolean;
  /** Only the preflight (--preflight): the host answers, the credentials work, the fixtures customers exist. */
  preflight: boolean;
  /**
   * Replaying a saved failure (`conformance replay`): fast-check's path (a property's shrunk
   * case, replayed without shrinking) and the commands' replay path of a sequence. Set by the
   * replay runner, never by a flag.
   */
  replay?: { path?: string; replayPath?: string };
  /** A differential run (--compare-with): the second host, its fixtures and credentials. */
  compare?: CompareConfig;
}

export interface CompareConfig {
  baseUrl: string;
  fixturesFile: string;
  fixtures: Fixtures;
  auth: Auth;
  /** The second host is not on loopback: its writes need --allow-writes too. */
  remote: boolean;
}

/** Options as commander hands them over: all strings (or booleans for switches). */
export interface RawOptions {
  baseUrl?: string;
  fixtures?: string;
  username?: string;
  password?: string;
  oauthToken?: string;
  oauthKey?: string;
  oauthSecret?: string;
  allowWrites?: boolean;
  bulkMax?: string;
  maxRpm?: string;
  timeout?: string;
  seed?: string;
  runs?: string;
  grep?: string;
  reports?: string;
  preflight?: boolean;
  compareWith?: string;
  compareFixtures?: string;
  compareUsername?: string;
  comparePassword?: string;
  compareOauthToken?: string;
  sequences?: string;
  sequenceSteps?: string;
}

/** Runs per property when --runs / FC_RUNS is not given (what the default budget buys: specs/properties/harness.ts). */
export const DEFAULT_PROPERTY_RUNS = { positive: 10, negative: 12 } as const;

/** Model-based sequences per run and most commands in one (README: what they cost). */
export const DEFAULT_SEQUENCES = { runs: 8, steps: 10 } as const;

export class ConfigError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateFixtures = ajv.compile(fixturesSchema);

/** `customers[1].mobile` from an ajv error. */
function keyOf(instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (missing) parts.push(missing);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Validates a fixtures value; throws a ConfigError naming the first bad key. */
export function checkFixtures(value: unknown, origin: string): Fixtures {
  if (validateFixtures(value)) return value as unknown as Fixtures;
  const e = validateFixtures.errors![0];
  const missing = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : undefined;
  const key = keyOf(e.instancePath, missing) || '(root)';
  const problem = missing ? 'is required but missing' : e.message ?? 'is invalid';
  throw new ConfigError(`fixtures ${key}`, `${problem} (in ${origin})`);
}

export function loadFixturesFile(file: string): Fixtures {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('--fixtures', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message may quote the file's text (a password, say): keep only where it broke.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message)?.[0];
    throw new ConfigError('--fixtures', `${file} is not valid JSON${where ? ` (at ${where})` : ''}`);
  }
  return checkFixtures(value, file);
}

function positiveInt(key: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(key, `must be a whole number >= ${min}, got '${value}'`);
  }
  return Number(value);
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

export function isLoopback(url: string): boolean {
  return LOOPBACK.test(new URL(url).hostname);
}

function checkBaseUrl(value: string, key = '--base-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(key, `'${value}' is not a URL (expected e.g. https://host.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(key, `must be http or https, got ${url.protocol}`);
  if (url.username || url.password) throw new ConfigError(key, 'must not carry credentials: use --username/--password');
  if (url.search || url.hash) throw new ConfigError(key, 'must not carry a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Test-only switch: treat a loopback host as remote, to prove the write guard without leaving the machine. */
export const TREAT_LOOPBACK_AS_REMOTE = 'CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE';

export function resolveConfig(flags: RawOptions, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const pick = (flag: string | undefined, envKey: string) => (flag !== undefined ? flag : env[envKey] || undefined);

  const baseUrlRaw = pick(flags.baseUrl, 'CONFORMANCE_BASE_URL');
  const baseUrl = baseUrlRaw === undefined ? null : checkBaseUrl(baseUrlRaw);
  const fixturesFile = pick(flags.fixtures, 'CONFORMANCE_FIXTURES') ?? null;
  if (baseUrl && !fixturesFile) throw new ConfigError('--fixtures', 'is required with --base-url (what the host must already have: DESIGN.md)');
  if (!baseUrl && fixturesFile) throw new ConfigError('--fixtures', 'is only used with --base-url (the embedded host brings its own fixtures)');
  const fixtures = fixturesFile ? loadFixturesFile(fixturesFile) : null;

  const fileAuth = fixtures?.auth ?? {};
  const username = pick(flags.username, 'CONFORMANCE_USERNAME') ?? fileAuth.username;
  const password = pick(flags.password, 'CONFORMANCE_PASSWORD') ?? fileAuth.password;
  const oauthToken = pick(flags.oauthToken, 'CONFORMANCE_OAUTH_TOKEN') ?? fileAuth.oauthToken;
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigError(username === undefined ? '--username' : '--password', 'Basic auth needs both --username and --password');
  }
  const oauthKey = pick(flags.oauthKey, 'CONFORMANCE_OAUTH_KEY');
  const oauthSecret = pick(flags.oauthSecret, 'CONFORMANCE_OAUTH_SECRET');
  if ((oauthKey === undefined) !== (oauthSecret === undefined)) {
    throw new ConfigError(oauthKey === undefined ? '--oauth-key' : '--oauth-secret', 'OAuth needs both --oauth-key and --oauth-secret (CONFORMANCE_OAUTH_KEY / CONFORMANCE_OAUTH_SECRET)');
  }
  const auth: Auth = {};
  if (username !== undefined && password !== undefined) auth.basic = { username, password };
  if (oauthToken !== undefined) auth.oauthToken = oauthToken;
  if (oauthKey !== undefined && oauthSecret !== undefined) auth.oauth = { key: oauthKey, secret: oauthSecret };
  if (baseUrl && !auth.basic && !auth.oauthToken && !auth.oauth) {
    throw new ConfigError('--username', 'credentials are required with --base-url: --username/--password, --oauth-token, --oauth-key/--oauth-secret, or fixtures auth');
  }

  const remote = baseUrl !== null && (!isLoopback(baseUrl) || env[TREAT_LOOPBACK_AS_REMOTE] === '1');
  const allowWrites = flags.allowWrites === true || env.CONFORMANCE_ALLOW_WRITES === '1';

  const bulkMax = positiveInt('--bulk-max', flags.bulkMax) ?? fixtures?.limits?.bulkRedeemMax ?? null;
  const maxRpm = positiveInt('--max-rpm', pick(flags.maxRpm, 'CONFORMANCE_MAX_RPM')) ?? (remote ? 1000 : null);
  const timeoutMs = positiveInt('--timeout', flags.timeout, 1) ?? 10_000;
  const seedRaw = pick(flags.seed, 'FC_SEED');
  const seed = seedRaw === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInt('--seed', seedRaw, 0)!;
  const runs = positiveInt('--runs', pick(flags.runs, 'FC_RUNS')) ?? null;
  const sequences = {
    runs: positiveInt('--sequences', pick(flags.sequences, 'CONFORMANCE_SEQUENCES'), 0) ?? DEFAULT_SEQUENCES.runs,
    steps: positiveInt('--sequence-steps', flags.sequenceSteps) ?? DEFAULT_SEQUENCES.steps,
  };
  if (flags.grep !== undefined) {
    try {
      new RegExp(flags.grep);
    } catch (err) {
      throw new ConfigError('--grep', `is not a valid pattern: ${(err as Error).message}`);
    }
  }

  const compare = resolveCompare(flags, env, pick);

  return Object.freeze({
    ...(compare ? { compare: Object.freeze(compare) } : {}),
    baseUrl,
    fixturesFile,
    fixtures: fixtures ? Object.freeze(fixtures) : null,
    auth: Object.freeze(auth),
    allowWrites,
    bulkMax,
    maxRpm,
    timeoutMs,
    seed,
    runs,
    sequences,
    grep: flags.grep ?? null,
    reportsDir: flags.reports ?? 'reports',
    remote,
    preflight: flags.preflight === true,
  });
}

/**
 * The second host of a differential run: --compare-with URL, --compare-fixtures FILE and its
 * own credentials (--compare-username/--compare-password, --compare-oauth-token; env
 * CONFORMANCE_COMPARE_*; else the fixtures file's auth). Undefined without --compare-with.
 */
function resolveCompare(
  flags: RawOptions,
  env: NodeJS.ProcessEnv,
  pick: (flag: string | undefined, envKey: string) => string | undefined,
): CompareConfig | undefined {
  const urlRaw = pick(flags.compareWith, 'CONFORMANCE_COMPARE_WITH');
  const fixturesFile = pick(flags.compareFixtures, 'CONFORMANCE_COMPARE_FIXTURES');
  if (urlRaw === undefined) {
    if (fixturesFile !== undefined) throw new ConfigError('--compare-fixtures', 'is only used with --compare-with');
    return undefined;
  }
  const baseUrl = checkBaseUrl(urlRaw, '--compare-with');
  if (!fixturesFile) throw new ConfigError('--compare-fixtures', 'is required with --compare-with (what the second host must already have)');
  let fixtures: Fixtures;
  try {
    fixtures = loadFixturesFile(fixturesFile);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.key.replace(/^--fixtures$/, '--compare-fixtures').replace(/^fixtures /, 'compare fixtures '), err.message.replace(/^[^:]+: /, ''));
    throw err;
  }
  const fileAuth = fixtures.auth ?? {};
  const username = pick(flags.compareUsername, 'CONFORMANCE_COMPARE_USERNAME') ?? fileAuth.username;
  const password = pick(flags.comparePassword, 'CONFORMANCE_COMPARE_PASSWORD') ?? fileAuth.password;
  const oauthToken = pick(flags.compareOauthToken, 'CONFORMANCE_COMPARE_OAUTH_TOKEN') ?? fileAuth.oauthToken;
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigError(username === undefined ? '--compare-username' : '--compare-password', 'Basic auth of the second host needs both --compare-username and --compare-password');
  }
  const auth: Auth = {};
  if (username !== undefined && password !== undefined) auth.basic = { username, password };
  if (oauthToken !== undefined) auth.oauthToken = oauthToken;
  if (!auth.basic && !auth.oauthToken) {
    throw new ConfigError('--compare-username', 'credentials for the second host are required with --compare-with: --compare-username/--compare-password, --compare-oauth-token, or its fixtures auth');
  }
  const remote = !isLoopback(baseUrl) || env[TREAT_LOOPBACK_AS_REMOTE] === '1';
  return { baseUrl, fixturesFile, fixtures: Object.freeze(fixtures), auth: Object.freeze(auth), remote };
}
