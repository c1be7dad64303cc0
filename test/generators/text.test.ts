// Strings matching a pattern (generators/text.ts): the simple patterns the suite and the
// document use are built from fc.string over their characters, anything else through
// fc.stringMatching; either way every value matches, and the lengths span the bounds.
import { expect } from 'chai';
import { matching, simplePattern } from '../../generators/text.ts';
import { sample } from './world.ts';

const SIMPLE = [
  /^[A-Z0-9]{6,16}$/, /^[a-z0-9]{4,10}$/, /^[a-z0-9]{4,12}$/, /^[A-Za-z][A-Za-z0-9 -]{0,19}$/, /^cf_[a-z0-9_]{1,10}$/,
  /^[A-Za-z0-9 _-]{0,16}$/, /^[A-Z][A-Z_]{1,11}$/, /^[a-z]{1,6}$/, /^[a-z]{0,6}$/, /^[a-z][a-z0-9_]{0,7}$/, /^x[\d-]{3}$/, /^\d{4}-\d{2}$/,
];
// Wildcards, groups, alternatives, open bounds, negated classes: fc.stringMatching.
const OTHER = [/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, /^\d+(\.\d+)?$/, /^-?\d+$/, /^a.b$/, /^[^a]{2}$/, /^[a-z]{2,}$/, /abc/];

describe('generators/text: matching()', () => {
  for (const pattern of [...SIMPLE, ...OTHER]) {
    it(`yields only strings matching ${pattern}`, () => {
      const values = sample(matching(pattern), 500);
      expect(values.filter((v) => !pattern.test(v))).to.deep.equal([]);
      expect(new Set(values).size).to.be.greaterThan(1);
    });
  }

  it('spans the bounds of a simple pattern: the shortest and the longest strings it allows', () => {
    const lengths = sample(matching(/^cf_[a-z0-9_]{1,10}$/), 2000).map((v) => v.length);
    expect(Math.min(...lengths)).to.equal(4);
    expect(Math.max(...lengths)).to.equal(13);
  });

  it('builds the simple patterns without fc.stringMatching, and one arbitrary per pattern', () => {
    for (const pattern of SIMPLE) expect(simplePattern(pattern), String(pattern)).to.not.equal(undefined);
    for (const pattern of OTHER) expect(simplePattern(pattern), String(pattern)).to.equal(undefined);
    expect(matching(/^[a-z]{1,6}$/)).to.equal(matching(/^[a-z]{1,6}$/));
  });
});
