// The README's "What a check may assert" is rendered from the inventory (x-readings): this
// fails when README.md is out of date (fix: npm run readme-readings).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readReadings } from '../../src/contract/readings.ts';
import { END, START, renderReadings, spliceReadings } from '../../scripts/readings-section.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README: "What a check may assert" is generated from x-readings', () => {
  const points = readReadings();
  const readme = readFileSync(README, 'utf8');

  it('README.md is up to date with the inventory (else: npm run readme-readings)', () => {
    expect(spliceReadings(readme, renderReadings(points)), 'README.md is out of date: run npm run readme-readings').to.equal(readme);
  });

  it('names every point, every reading and every rejected reading of the inventory, and the counts', () => {
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END));
    expect(section).to.include(`**${points.length} points**`);
    for (const p of points) {
      expect(section).to.include(`| \`${p.id}\` |`);
      for (const r of p.readings) expect(section).to.include(`\`${r.name}\`: `);
      for (const r of p.rejected ?? []) expect(section).to.include(`\`${p.id}=${r.name}\``);
    }
  });

  it('a change of the inventory changes the section (the check is not vacuous)', () => {
    const changed = points.map((p, i) => (i === 0 ? { ...p, summary: `${p.summary} (changed)` } : p));
    expect(spliceReadings(readme, renderReadings(changed))).to.not.equal(readme);
    expect(() => spliceReadings('no markers here', renderReadings(points))).to.throw(/markers/);
  });
});
