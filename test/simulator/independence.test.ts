// [simulator] simulator/ is an independent reading of the vendor pages: it imports only node
// built-ins and its own files (no src/, specs/, generators/, openapi/, no npm package).
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../simulator/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs|cjs|mts|cts)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier: static imports/exports, side-effect imports, dynamic import(), require(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

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
