// A failure that does not count in the exit code says why, in the HTML and the Markdown.
import { expect } from 'chai';
import { renderHtml, renderMarkdown } from '../../src/report/index.ts';
import type { Results } from '../../src/results/types.ts';
import { fixtureResults } from './fixture.ts';

describe('reports: failures the gate does not count say why', () => {
  const base = fixtureResults();
  const failed = base.checks.filter((c) => c.status === 'failed');
  const [accepted, stillFailing, expired] = failed;
  const results: Results = {
    ...base,
    checks: base.checks.map((c) =>
      c.id === accepted.id
        ? { ...c, accepted: { reason: 'vendor ticket 123', expires: '2027-01-31' } }
        : c.id === expired.id
          ? { ...c, deviationExpired: { reason: 'vendor ticket 99', expires: '2026-01-01' } }
          : c,
    ),
    gate: { counted: [expired.id], notCounted: [{ id: accepted.id, why: 'accepted deviation' }, { id: stillFailing.id, why: 'failing in the baseline too' }] },
  };

  it('has three failed checks to mark', () => {
    expect(failed.length).to.be.at.least(3);
  });
  for (const [name, render] of [['HTML', renderHtml], ['Markdown', renderMarkdown]] as const) {
    it(`${name}: accepted, still failing in the baseline, and expired`, () => {
      const out = render(results);
      expect(out).to.include('Accepted known deviation: vendor ticket 123 (until 2027-01-31). Not counted in the exit code.');
      expect(out).to.include('Not counted in the exit code: failing in the baseline too.');
      expect(out).to.include('it has expired, so the failure counts again');
    });
  }
});
