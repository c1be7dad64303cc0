// What every endpoint handler receives.
import type { HookSet } from './faults.ts';
import type { Readings } from './readings.ts';
import type { Answer, JsonObject } from './http.ts';
import type { State } from './state.ts';

export interface HandlerContext {
  /** The parsed request body, always a JSON object (the server refuses anything else). */
  body: JsonObject;
  query: URLSearchParams;
  state: State;
  hooks: HookSet;
  config: { bulkMax: number };
  /** The readings this host takes where the pages are silent (readings.ts). */
  readings: Readings;
  /** A timer that stop() cancels. */
  sleep(ms: number): Promise<void>;
}

export type Handler = (ctx: HandlerContext) => Answer | Promise<Answer>;
