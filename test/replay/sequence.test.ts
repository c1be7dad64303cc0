// Replay of a shrunk model-based sequence (the sequences.model rule): its saved failure carries
// the numbered steps, the seed, fast-check's path and the commands' replay path; replaying it
// against a host with the fault says STILL FAILING (the same last step fails the same way),
// against a clean host FIXED. 127.0.0.1 only.
import { expect } from 'chai';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/index.ts';
import { Hosts } from '../reliability/support.ts';
import { runCli, writeJson } from '../support/cli.ts';
import type { SavedFailure } from '../../src/replay/index.ts';

// A points fault the sequences meet on their own share of the points records (ctx.pointsRecords).
const FAULT = 'points-reference-not-stored';

describe('replay: a shrunk sequence (sequences.model)', function () {
  this.timeout(240_000);
  const hosts = new Hosts();
  const start = (faults: string[] = []) => hosts.start({ faults });
  after(() => hosts.stopAll());
  const hostArgs = (sim: Simulator) => ['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures)];

  let file: string;
  let saved: SavedFailure;
  before(async () => {
    const run = await runCli([...hostArgs(await start([FAULT])), '--seed', '2', '--grep', '^sequences\\.model$', '--progress', 'plain']);
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    file = join(run.reportsDir, 'failures', 'sequences.model.json');
    saved = JSON.parse(run.reports[join('failures', 'sequences.model.json')]);
  });

  it('saves the steps (each with its curl, redacted), the seed, the path and the replay path', () => {
    expect(saved).to.include({ check: 'sequences.model', rule: 'sequences.model', checkKind: 'sequence', seed: 2 });
    expect(saved.path).to.match(/^\d+(:\d+)*$/);
    expect(saved.replayPath).to.be.a('string').and.not.equal('');
    const steps = saved.failure.steps as { n: number; command: string; curl: string[] }[];
    expect(steps.length).to.be.within(2, 6);
    expect(saved.requests.length).to.be.at.least(steps.length);
    for (const c of saved.requests) expect(c).to.match(/^curl /).and.include('Basic ***');
    expect(saved.options.sequences).to.deep.equal({ runs: 8, steps: 10 });
  });

  it('STILL FAILING against a host with the fault: the same failing step (also with --sequences 0: the saved count is used)', async () => {
    const r = await runCli([...hostArgs(await start([FAULT])), '--sequences', '0', 'replay', file]);
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^STILL FAILING {2}sequences\.model/m);
    expect(r.stdout).to.include(saved.failure.title);
  });

  it('FIXED against a clean host', async () => {
    const r = await runCli([...hostArgs(await start()), 'replay', file]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^FIXED {2}sequences\.model/m);
  });
});
