// The layers of DESIGN.md, held by their imports: src/ (the runner library) imports nothing
// from specs/, generators/ or simulator/ (what the runner needs from them is handed in:
// the spec groups are loaded from the root .mocharc.json's globs, the embedded host by the
// launcher, bin/conformance.js); generators/ imports nothing from specs/. (simulator/'s own
// independence: test/simulator/independence.test.ts.)
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sources, specifiers } from '../support/imports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `layer`'s imports that land in one of `forbidden` (top-level folders), as "file: specifier". */
function violations(layer: string, forbidden: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of sources(resolve(ROOT, layer))) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const top = relative(ROOT, resolve(dirname(file), spec)).split(/[\\/]/)[0];
      if (forbidden.includes(top)) out.push(`${relative(ROOT, file)}: ${spec}`);
    }
  }
  return out;
}

describe('[layering] imports follow the layers', () => {
  it('src/ imports nothing from specs/, generators/ or simulator/', () => {
    expect(violations('src', ['specs', 'generators', 'simulator'])).to.deep.equal([]);
  });

  it('generators/ imports nothing from specs/ or simulator/', () => {
    expect(violations('generators', ['specs', 'simulator'])).to.deep.equal([]);
  });

  it('finds a forbidden import when there is one (the scanner works on this very tree)', () => {
    // specs/ imports generators/ and src/: a rule that forbade that would have to find them.
    expect(violations('specs', ['generators']).length).to.be.greaterThan(0);
  });
});
