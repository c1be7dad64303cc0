// The embedded reference host: startSimulator() and the fault catalogue.
import { composeHooks, FAULTS, FaultConfigError, type FaultName, parseFault } from './faults.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, type OAuthClient, randomOAuthClient, TokenIssuer } from './handlers/oauth-token.ts';
import { createSimulatorServer, type SimulatorStats } from './server.ts';
import { type Credentials, type Fixtures, fixturesOf, randomCredentials, seedState } from './state.ts';
import { type ReadingChoice, Readings, readingHooks, resolveReadings } from './readings.ts';

export { FAULTS, FAULT_NAMES, FaultConfigError, UnknownFaultError, type FaultDef, type FaultName } from './faults.ts';
export { basicAuthorization, md5hex } from './auth.ts';
export { BODY_LIMIT, type SimulatorStats } from './server.ts';
export { ROUTES } from './routes.ts';
export { READING_POINTS, READING_POINT_IDS, UnknownReadingError, randomReadings, defaultReadings, parseReadingSpec, type ReadingChoice, type ReadingPoint } from './readings.ts';
export { DEFAULT_TOKEN_TTL_SECONDS, OAUTH_TOKEN_PATH, type OAuthClient } from './handlers/oauth-token.ts';
export type { Credentials, Fixtures } from './state.ts';

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; 0 or absent: an ephemeral port. */
  port?: number;
  /** Fault names (see FAULTS); "name=value" for a parameter (slow=200); comma-separated lists allowed. */
  faults?: string[];
  /** Bulk redeem batch limit (default 50, the newer vendor page). */
  bulkMax?: number;
  /** Delay of the `slow` fault in ms when not given as slow=MS (default 1500). */
  slowMs?: number;
  /** Fixed credentials; default: username simulator.till, random password and OAuth token. */
  credentials?: Partial<Credentials>;
  /** Readings where the pages are silent (readings.ts), point -> reading; unlisted points take their default. */
  readings?: Record<string, string>;
  /** Draw one reading per point from this seed (explicit `readings` still win). */
  readingsSeed?: number;
  /** Every answer is delayed by this many ms (a distant host). Default 0. */
  latencyMs?: number;
  /** Lifetime of tokens from POST /v3/oauth/token/generate, in seconds (default 300). */
  tokenTtlSeconds?: number;
  /** Customers in the seeded world and its fixtures (default 2, the fixtures' minimum; at most 50). */
  customers?: number;
  /** The OAuth key and secret that endpoint accepts; default: random. */
  oauthClient?: OAuthClient;
}

export interface Simulator {
  baseUrl: string;
  port: number;
  fixtures: Fixtures;
  /** The active faults, by name. */
  faults: FaultName[];
  /** The reading of every point this host takes. */
  readings: ReadingChoice;
  /** The key and secret POST /v3/oauth/token/generate accepts, and the ttl of its tokens. */
  oauth: OAuthClient & { tokenTtlSeconds: number };
  stats(): SimulatorStats;
  /** Closes every socket (hung ones too) and the server. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_BULK_MAX = 50;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const chosen = resolveReadings(options.readings, options.readingsSeed);
  const readings = new Readings(chosen);
  // The batch limit: --bulk-max / bulkMax when given, else the reading bulk-batch-limit (50 by default).
  const bulkMax = options.bulkMax ?? Number(chosen['bulk-batch-limit']);
  if (!Number.isSafeInteger(bulkMax) || bulkMax < 1) throw new FaultConfigError(`bulkMax must be a positive integer (got ${bulkMax})`);
  const port = options.port ?? 0;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new FaultConfigError(`port must be 0..65535 (got ${port})`);
  const defaults = options.slowMs === undefined ? {} : { slow: options.slowMs };
  const specs = (options.faults ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  const parsed = specs.map((spec) => parseFault(spec, defaults));
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new FaultConfigError(`latencyMs must be a non-negative number (got ${latencyMs})`);
  // Faults first, then the readings' presentation (so a fault's answer is presented alike), then latency.
  const hooks = composeHooks([
    ...parsed.map(({ name, param }) => FAULTS[name].hooks(param)),
    readingHooks(readings),
    ...(latencyMs > 0 ? [{ delayMs: () => latencyMs }] : []),
  ]);

  const ttl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > 3600) throw new FaultConfigError(`tokenTtlSeconds must be an integer from 1 to 3600 (got ${ttl})`);
  const issuer = new TokenIssuer(options.oauthClient ?? randomOAuthClient(), ttl);
  const customers = options.customers ?? 2;
  if (!Number.isSafeInteger(customers) || customers < 2 || customers > 50) throw new FaultConfigError(`customers must be an integer from 2 to 50 (got ${customers})`);
  const state = seedState(customers);
  const credentials = { ...randomCredentials(), ...options.credentials };
  const running = createSimulatorServer({ state, hooks, credentials, bulkMax, readings, issuer });
  await new Promise<void>((resolve, reject) => {
    running.server.once('error', reject);
    // A deep backlog so a thousand concurrent loopback connections are all accepted.
    running.server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => {
      running.server.off('error', reject);
      resolve();
    });
  });
  const address = running.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    baseUrl: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    fixtures: fixturesOf(state, credentials, bulkMax),
    faults: parsed.map((p) => p.name),
    readings: chosen,
    oauth: { ...issuer.client, tokenTtlSeconds: ttl },
    stats: running.stats,
    stop: running.stop,
  };
}

