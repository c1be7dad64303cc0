// [simulator] simulator/ is an independent reading of the vendor pages: it imports only node
// built-ins and its own files (no src/, specs/, generators/, openapi/, no npm package).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sources, specifiers } from '../support/imports.ts';

const ROOT = fileURLToPath(new URL('../../simulator/', import.meta.url));

describe('[simulator] independence', () => {
  const files = sources(ROOT);

  it('finds the simulator sources', () => {
    expect(files.map((f) => relative(ROOT, f))).to.include.members(['index.ts', 'cli.ts', 'faults.ts', 'state.ts', 'routes.ts']);
  });

  it('imports only node: built-ins and files inside simulator/', () => {
    const offending: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const spec of specifiers(text)) {
        if (spec.startsWith('node:')) continue;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (target.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) continue;
        }
        offending.push(`${relative(ROOT, file)}: ${spec}`);
      }
      // no computed dynamic imports either
      expect(/\bimport\s*\(\s*[^'"`\s]/.test(text), `${file}: computed import()`).to.equal(false);
    }
    expect(offending).to.deep.equal([]);
  });

  it('the scanner catches the forbidden kinds of import', () => {
    const sample = `import { a } from '../src/x.ts';\nimport 'chai';\nexport * from "../openapi/y";\nconst z = await import('pactum');\nimport type { T } from 'node:http';`;
    expect(specifiers(sample).sort()).to.deep.equal(['../openapi/y', '../src/x.ts', 'chai', 'node:http', 'pactum'].sort());
  });
});
