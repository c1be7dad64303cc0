// Model-based sequences (issue 15): random command sequences (fc.commands) run against the
// host with fc.asyncModelRun, the model predicting each documented outcome. A failure
// shrinks (fast-check shrinks the commands) to the shortest failing sequence, told as a
// numbered story: each step's curl, the model's expectation and the host's answer, with the
// seed and path that replay it. Bounded in requests (shrinking included) and in time.
//
// Every sequence writes (issue, redeem, update): against a host that is not on loopback the
// caller runs it only with --allow-writes.
import fc from 'fast-check';
import type { Client } from '../client/index.ts';
import type { Fixtures } from '../config/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Redact } from '../redact.ts';
import type { Failure } from '../results/types.ts';
import { initialModel, type Model } from '../model/index.ts';
import { commandArbitraries, prelude, StepFailure, type Real, type SequenceStep, type SequenceValues } from './commands.ts';

export { StepFailure, type SequenceStep, type SequenceValues } from './commands.ts';

/** The check id sequences report under (the mutation table names it as the catcher). */
export const SEQUENCES_CHECK_ID = 'sequences.model';

export interface SequenceOptions {
  client: Client;
  contract: Contract;
  fixtures: Fixtures;
  seed: number;
  /** Sequences to run (default 8). */
  numRuns?: number;
  /** Most commands per sequence (default 10, after the two issues that open every sequence). */
  maxSteps?: number;
  redact: Redact;
  /** fast-check's path and the commands' replay path (from a failure), with its seed: replays that one sequence. */
  path?: string;
  replayPath?: string;
  /** Most requests in all, shrinking included (default 1000); past it, commands are skipped. */
  maxRequests?: number;
  /** Time for the whole check, shrinking included (default 20 s); then fast-check stops where it is. */
  timeLimitMs?: number;
  /** Concurrent requests of the burst command (default 4). */
  burst?: number;
  /** The value arbitraries of the commands' fields (generators/breadth.ts). */
  values: SequenceValues;
}

export interface SequenceFailure extends Failure {
  /** fast-check's replay path of the commands (with seed and path, replays the sequence). */
  replayPath?: string;
  /** The shortest failing sequence, as a numbered story. */
  steps: SequenceStep[];
}

export type SequenceResult =
  | { ok: true; requests: number; sequences: string[][] }
  | { ok: false; requests: number; failure: SequenceFailure };

export async function runSequences(options: SequenceOptions): Promise<SequenceResult> {
  const { client, contract, fixtures, seed, redact } = options;
  const numRuns = options.numRuns ?? 8;
  const maxSteps = options.maxSteps ?? 10;
  const budget = { left: options.maxRequests ?? 1000 };
  const startBudget = budget.left;
  const commandOptions = {
    seriesId: fixtures.seriesId,
    bulkMax: contract.bulkMax,
    dryRunQuery: contract.dryRunQuery(),
    burst: options.burst ?? 4,
    values: options.values,
  };
  const arbs = commandArbitraries(commandOptions);
  const sequences: string[][] = [];
  let lastFailing: { steps: SequenceStep[]; error: StepFailure; commands: string } | undefined;
  const opening = prelude(commandOptions);
  const property = fc.asyncProperty(fc.commands(arbs, { maxCommands: maxSteps, size: 'max', ...(options.replayPath ? { replayPath: options.replayPath } : {}) }), async (cmds) => {
    const real: Real = { client, contract, redact, steps: [], budget, check: SEQUENCES_CHECK_ID };
    try {
      await fc.asyncModelRun(() => ({ model: initialModel(fixtures) as Model, real }), [...opening, ...cmds]);
    } catch (error) {
      if (error instanceof StepFailure) lastFailing = { steps: real.steps, error, commands: `${opening.map(String).join(', ')}, ${String(cmds)}` };
      throw error;
    }
    sequences.push(real.steps.map((s) => s.command));
  });
  const result = await fc.check(property, {
    seed,
    numRuns,
    ...(options.path ? { path: options.path } : {}),
    interruptAfterTimeLimit: options.timeLimitMs ?? 20_000,
    markInterruptAsFailure: false,
  });
  const requests = startBudget - budget.left;
  if (!result.failed) return { ok: true, requests, sequences };
  const error = result.errorInstance;
  if (!(error instanceof StepFailure) || !lastFailing) throw error instanceof Error ? error : new Error(String(error));
  const { steps } = lastFailing;
  const replayPath = /replayPath="([^"]*)"/.exec(lastFailing.commands)?.[1];
  const path = result.counterexamplePath ?? undefined;
  const failing = steps[steps.length - 1]!;
  return {
    ok: false,
    requests,
    failure: {
      ...error.failure,
      title: `sequence of ${steps.length} step${steps.length === 1 ? '' : 's'}, step ${failing.n}: ${error.failure.title}`,
      seed: result.seed,
      path,
      replayPath,
      counterexample: lastFailing.commands,
      details: storyLines(steps, result.seed, path, replayPath),
      steps,
    },
  };
}

/** The story of a sequence, as lines a vendor can replay by hand. */
export function storyLines(steps: SequenceStep[], seed?: number, path?: string, replayPath?: string): string[] {
  const lines: string[] = [];
  for (const s of steps) {
    lines.push(`${s.n}. ${s.command}`);
    for (const c of s.curl) lines.push(`   $ ${c}`);
    lines.push(`   expected: ${s.expected}`);
    for (const r of s.received) lines.push(`   answered: ${r}`);
    if (s.problem) lines.push(`   FAILED: ${s.problem.title}`, `     Received: ${s.problem.received}`, `     Documented: ${s.problem.documented}`);
  }
  if (seed !== undefined) lines.push(`replay: seed ${seed}${path ? `, path "${path}"` : ''}${replayPath ? `, replayPath "${replayPath}"` : ''}`);
  return lines;
}
