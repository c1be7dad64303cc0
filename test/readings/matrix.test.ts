// No false failure on any vendor the pages allow: the default suite, run as a user runs it
// (the CLI against a host), passes against the reference host under each alternative reading
// of the inventory (x-readings) alone and under 20 random combinations. See matrix.ts.
import { expect } from 'chai';
import { readReadings } from '../../src/contract/readings.ts';
import { matrixJobs, problems, runMatrix, type MatrixRun } from './matrix.ts';

/** Random combinations (seeds 1..RANDOM). */
const RANDOM = 20;
/**
 * CLIs at a time: 3 busy ones on 2 cores (each run is mostly a child process waiting on
 * loopback I/O), plus the rate-limit=100-per-minute run, which starts first and mostly sleeps
 * (--max-rpm 95: about 3.5 minutes) while the others go through.
 */
const PARALLEL = 4;

describe('readings matrix: the default suite against every conforming reading of the pages', function () {
  this.timeout(900_000);
  const jobs = matrixJobs({ random: RANDOM });
  let runs: MatrixRun[];
  before(async () => {
    const { runs: done, durationMs } = await runMatrix(jobs, PARALLEL);
    runs = done;
    process.stdout.write(`\n    readings matrix: ${runs.length} runs (${PARALLEL} at a time), ${(durationMs / 1000).toFixed(0)} s, ${problems(runs).length} with failures\n`);
  });

  it('runs every alternative reading of the inventory alone, and 20 random combinations', () => {
    const alternatives = readReadings().flatMap((p) => p.readings.filter((r) => r.name !== p.default).map((r) => `${p.id}=${r.name}`));
    expect(jobs.filter((j) => j.seed === undefined).map((j) => j.label).sort()).to.deep.equal([...alternatives].sort());
    expect(jobs.filter((j) => j.seed !== undefined)).to.have.length(RANDOM);
    // Each alone: the host took that reading, and the default of every other point.
    for (const run of runs.filter((r) => !r.label.startsWith('random'))) {
      const [point, name] = run.label.split('=') as [string, string];
      expect(run.readings[point], run.label).to.equal(name);
      const others = readReadings().filter((p) => p.id !== point && run.readings[p.id] !== p.default);
      expect(others.map((p) => p.id), run.label).to.deep.equal([]);
    }
  });

  it('every run passes: 0 failed checks, exit 0, and the suite really ran', () => {
    expect(problems(runs)).to.deep.equal([]);
    for (const run of runs) expect(run.passed, run.label).to.be.greaterThan(50);
  });
});
