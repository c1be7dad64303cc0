// What the specs run against: the resolved configuration, the contract, the client, the
// fixtures and the recorder. The CLI sets it before mocha loads the specs.
import type { Config, Fixtures } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Client } from '../client/index.ts';
import type { Redact } from '../redact.ts';
import type { Recorder } from './recorder.ts';

export interface Session {
  config: Readonly<Config>;
  contract: Contract;
  client: Client;
  fixtures: Fixtures;
  recorder: Recorder;
  redact: Redact;
  /** The base URL actually tested (the embedded host's, when embedded). */
  baseUrl: string;
  embedded: boolean;
}

let current: Session | undefined;

export function setSession(session: Session | undefined): void {
  current = session;
}

export function session(): Session {
  if (!current) throw new Error('no conformance session: run the specs through `npx conformance`, not mocha directly');
  return current;
}
