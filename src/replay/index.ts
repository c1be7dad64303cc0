// `conformance replay FILE...`: re-runs saved failures (src/replay/format.ts) against the
// configured host (or the embedded one) and says per case FIXED, STILL FAILING or FAILING
// DIFFERENTLY. The runner side is src/runner/replay.ts.
import { readFileSync } from 'node:fs';
import { checkSavedFailure, ReplayFileError, type SavedFailure } from './format.ts';

export * from './format.ts';

/** Reads and checks one saved failure; a ReplayFileError names the file. */
export function loadSavedFailure(file: string): SavedFailure {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReplayFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message)?.[0];
    throw new ReplayFileError(file, `is not valid JSON${where ? ` (at ${where})` : ''}`);
  }
  return checkSavedFailure(value, file);
}
