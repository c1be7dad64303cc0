// A client and a reference host for the sequence tests (127.0.0.1 only).
import { Client } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { createRedactor } from '../../src/redact.ts';
import { runSequences, type SequenceOptions, type SequenceResult } from '../../src/sequences/index.ts';
import { startSimulator, type Simulator } from '../../simulator/index.ts';
import * as breadth from '../../generators/breadth.ts';

export async function withHost<T>(faults: string[], fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ faults });
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

export function sequencesAgainst(sim: Simulator, options: Partial<SequenceOptions> & { seed: number }): Promise<SequenceResult> {
  const contract = getContract();
  const auth = { basic: { username: sim.fixtures.auth.username, password: sim.fixtures.auth.password } };
  const redact = createRedactor(auth);
  const client = new Client(contract, { baseUrl: sim.baseUrl, auth, timeoutMs: 5000, maxRpm: null, remote: false, allowWrites: true, redact, fixtures: sim.fixtures });
  return runSequences({ client, contract, fixtures: sim.fixtures, redact, values: breadth, ...options });
}
