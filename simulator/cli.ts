// npm run simulator -- [--port N] [--fault NAME[,NAME]] [--bulk-max N] [--slow-ms MS] [--latency MS] [--token-ttl S]
//   [--reading POINT=NAME ...] [--readings random --seed N]
// Prints one JSON line {"baseUrl", "fixtures", "readings", "oauth"} on stdout when ready; SIGTERM/SIGINT stop it (exit 0).
// Usage errors (unknown option or fault, bad number): a message on stderr, exit 2.
import { parseArgs } from 'node:util';
import { FAULT_NAMES, FAULTS, FaultConfigError, startSimulator } from './index.ts';
import { parseReadingSpec, READING_POINT_IDS, READING_POINTS, UnknownReadingError } from './readings.ts';

const USAGE = `Usage: loyalty-simulator [--port N] [--fault NAME[,NAME...]] [--bulk-max N] [--slow-ms MS] [--latency MS] [--token-ttl S]
                         [--customers N] [--reading POINT=NAME ...] [--readings random --seed N]

  --port N        TCP port on 127.0.0.1 (default 0: an ephemeral port)
  --fault NAMES   faults to inject, comma-separated or repeated (slow=MS sets the delay)
  --bulk-max N    bulk redeem batch limit (default 50)
  --slow-ms MS    delay of the slow fault (default 1500)
  --latency MS    delay every answer by MS (a distant host; default 0)
  --reading P=N   take reading N at point P where the pages are silent (repeatable)
  --readings random --seed N
                  draw one reading per point from seed N (--reading still wins)
  --customers N   customers in the world and its fixtures (default 2, at most 50)
  --token-ttl S   lifetime of POST /v3/oauth/token/generate tokens, seconds (default 300)
  --help          this text

Readings (default first):
${READING_POINT_IDS.map((p) => `  ${p.padEnd(36)} ${READING_POINTS[p].join(' | ')}`).join('\n')}

Faults:
${FAULT_NAMES.map((name) => `  ${name.padEnd(28)} ${FAULTS[name].description}`).join('\n')}
`;

function usageError(message: string): never {
  process.stderr.write(`loyalty-simulator: ${message}\nValid faults: ${FAULT_NAMES.join(', ')}\nRun with --help for usage.\n`);
  process.exit(2);
}

function readingError(message: string): never {
  process.stderr.write(`loyalty-simulator: ${message}\nRun with --help for the points and their readings.\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    usageError(`--${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

async function main(): Promise<void> {
  let values: {
    port?: string; fault?: string[]; 'bulk-max'?: string; 'slow-ms'?: string; latency?: string; 'token-ttl'?: string; customers?: string;
    reading?: string[]; readings?: string; seed?: string; help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: 'string' },
        fault: { type: 'string', multiple: true },
        'bulk-max': { type: 'string' },
        'slow-ms': { type: 'string' },
        latency: { type: 'string' },
        reading: { type: 'string', multiple: true },
        readings: { type: 'string' },
        seed: { type: 'string' },
        'token-ttl': { type: 'string' },
        customers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.readings !== undefined && values.readings !== 'random') readingError(`--readings takes "random" (got "${values.readings}")`);
  if (values.readings === 'random' && values.seed === undefined) readingError('--readings random needs --seed N');
  if (values.seed !== undefined && values.readings !== 'random') readingError('--seed goes with --readings random');
  const seed = values.seed === undefined ? undefined : integer('seed', values.seed, 0, 2 ** 32 - 1);
  const readings: Record<string, string> = {};
  try {
    for (const spec of values.reading ?? []) {
      const [point, name] = parseReadingSpec(spec);
      readings[point] = name;
    }
  } catch (err) {
    readingError((err as Error).message);
  }
  let simulator;
  try {
    simulator = await startSimulator({
      port: integer('port', values.port, 0, 65535),
      bulkMax: integer('bulk-max', values['bulk-max'], 1, 1_000_000),
      slowMs: integer('slow-ms', values['slow-ms'], 0, 3_600_000),
      latencyMs: integer('latency', values.latency, 0, 3_600_000),
      tokenTtlSeconds: integer('token-ttl', values['token-ttl'], 1, 3600),
      customers: integer('customers', values.customers, 2, 50),
      faults: values.fault ?? [],
      readings,
      readingsSeed: seed,
    });
  } catch (err) {
    if (err instanceof UnknownReadingError) readingError(err.message);
    if (err instanceof FaultConfigError) usageError(err.message);
    process.stderr.write(`loyalty-simulator: cannot start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const running = simulator;
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // The handlers first, the ready line after: a caller that stops the host as soon as it reads
  // the line must not find the default disposition (killed, no exit code) still in place.
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ baseUrl: running.baseUrl, fixtures: running.fixtures, readings: running.readings, oauth: running.oauth })}\n`);
}

await main();
