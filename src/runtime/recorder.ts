// Collects the outcome of every response check on every response, aggregated by check id
// (`<operation prefix>.<check name>`): a check fails when it failed on any response.
import type { CheckResult, Failure } from '../results/types.ts';
import { RESPONSE_CHECKS, NOT_APPLICABLE, operationName, type CheckVerdict } from '../checks/index.ts';
import type { Contract } from '../contract/index.ts';

interface Aggregate {
  result: CheckResult;
  failures: Failure[];
}

const KEEP_FAILURES = 3;

export const NOT_RUN = 'not run: no response of this operation was in its scope (none sent, or none with a body to check)';

export class Recorder {
  private readonly aggregates = new Map<string, Aggregate>();

  /** The status of every answer to a request sent with the run's own credentials (for the vacuous-run rule). */
  readonly statuses: number[] = [];

  constructor(private readonly contract: Contract) {}

  /** An answer's status; requests sent on purpose without or with wrong credentials (they expect 401) are not counted. */
  recordStatus(status: number, ownCredentials: boolean): void {
    if (ownCredentials) this.statuses.push(status);
  }

  recordVerdicts(operationId: Parameters<Contract['operation']>[0], verdicts: CheckVerdict[]): void {
    const op = this.contract.operation(operationId);
    for (const { check, outcome } of verdicts) {
      if (outcome === NOT_APPLICABLE) continue;
      const id = `${op.prefix}.${check.name}`;
      let agg = this.aggregates.get(id);
      if (!agg) {
        agg = {
          result: { id, title: check.title, operation: operationName(op), kind: 'response', status: 'passed', source: op.source, applied: 0 },
          failures: [],
        };
        this.aggregates.set(id, agg);
      }
      agg.result.applied = (agg.result.applied ?? 0) + 1;
      if (outcome) {
        agg.result.status = 'failed';
        if (agg.failures.length < KEEP_FAILURES) agg.failures.push(outcome);
      }
    }
  }

  /**
   * The response checks, in table order per operation. A check that applied to no response
   * (no request of the operation was sent, or every answer was outside its scope) is
   * reported as not run (skipped, with why), never passed and never left out.
   */
  results(): CheckResult[] {
    const out: CheckResult[] = [];
    for (const op of this.contract.operations) {
      for (const check of RESPONSE_CHECKS) {
        const agg = this.aggregates.get(`${op.prefix}.${check.name}`);
        if (!agg) {
          out.push({ id: `${op.prefix}.${check.name}`, title: check.title, operation: operationName(op), kind: 'response', status: 'skipped', source: op.source, applied: 0, skipReason: NOT_RUN });
          continue;
        }
        out.push(agg.failures.length ? { ...agg.result, failure: agg.failures[0], failures: agg.failures } : { ...agg.result });
      }
    }
    return out;
  }
}
