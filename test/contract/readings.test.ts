// The inventory of readings (openapi.yaml x-readings): every entry well-formed, its default
// one of its readings, its cross-references real, and every check id it names present in the
// suite's sources (specs/, generators/, src/checks/), literally or as a template.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocument, readOperations } from '../../src/contract/document.ts';
import { readingPoint, readingsProblems, readReadings } from '../../src/contract/readings.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The vendor pages and FACTS.md (shared/api-docs/), the only sources an entry may cite. */
const PAGE_FILES = [
  'FACTS.md',
  'post-v2-coupon-issue.txt',
  'post-v2-coupon-bulk-redeem.txt',
  'post-v2-coupon-bulk-redeem.older.txt',
  'put-v2-coupon-redeem.txt',
  'put-v2-points-updateRedemption.txt',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

const SUITE_TEXT = ['specs', 'generators', 'src/checks'].flatMap((d) => sources(join(ROOT, d))).map((f) => readFileSync(f, 'utf8')).join('\n');

/** Template literals of the sources as patterns: `${prefix}.auth-missing` -> /^[a-z0-9_-]+\.auth-missing$/. */
function templatePatterns(text: string): RegExp[] {
  const patterns: RegExp[] = [];
  for (const [, body] of text.matchAll(/`([^`\n]*\$\{[^`\n]*)`/g)) {
    const parts = body!.split(/\$\{[^}]*\}/);
    if (parts.join('').replace(/[^a-z0-9_-]/gi, '').length < 4 || !parts.join('').includes('.') && !parts.join('').includes('-')) continue;
    const source = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[a-z0-9_-]+');
    patterns.push(new RegExp(`^${source}$`));
  }
  return patterns;
}

const TEMPLATES = templatePatterns(SUITE_TEXT);
const PREFIXES = readOperations(loadDocument()).map((o) => o.prefix);

/** Whether a check id is in the suite: literally, or as `<prefix>.<name>` with the name a quoted literal, or by a template. */
function inSuite(id: string): boolean {
  if (SUITE_TEXT.includes(`'${id}'`) || SUITE_TEXT.includes(`"${id}"`) || SUITE_TEXT.includes(`\`${id}\``)) return true;
  const prefix = PREFIXES.find((p) => id.startsWith(`${p}.`));
  if (!prefix) return false;
  const name = id.slice(prefix.length + 1);
  if (SUITE_TEXT.includes(`'${name}'`)) return true;
  return TEMPLATES.some((re) => re.test(id));
}

describe('contract: the inventory of readings (x-readings)', () => {
  const points = readReadings();

  it('is well-formed: kebab-case unique ids, pages with quotes, a summary, two or more readings, checks', () => {
    expect(readingsProblems(loadDocument()['x-readings' as keyof ReturnType<typeof loadDocument>])).to.deep.equal([]);
    expect(points.length).to.be.at.least(30);
  });

  it('names each default among its readings', () => {
    for (const p of points) expect(p.readings.map((r) => r.name), p.id).to.include(p.default);
  });

  it('cites only the vendor pages and FACTS.md', () => {
    for (const p of points) for (const page of p.pages) expect(PAGE_FILES, `${p.id}: ${page.file}`).to.include(page.file);
  });

  it('cross-references existing x-profile keys and x-page-defects ids', () => {
    const doc = loadDocument();
    const defects = doc['x-page-defects'].map((d) => d.id);
    for (const p of points) {
      if (p.profile !== undefined) expect(Object.keys(doc['x-profile']), p.id).to.include(p.profile);
      if (p.defect !== undefined) expect(defects, p.id).to.include(p.defect);
    }
  });

  it('names only check ids that exist in specs/, generators/ or src/checks/', () => {
    const missing = points.flatMap((p) => p.checks.filter((c) => !inSuite(c)).map((c) => `${p.id}: ${c}`));
    expect(missing).to.deep.equal([]);
  });

  it('the check-id lookup is not vacuous: made-up ids are not found', () => {
    expect(inSuite('points-update.no-such-check-anywhere')).to.equal(false);
    expect(inSuite('nowhere.positive_data_acceptance')).to.equal(false);
    expect(inSuite('bulk-redeem.schema.no-such-shape')).to.equal(false);
    expect(inSuite('coupon-update.error-999-made-up')).to.equal(false);
    expect(inSuite('points-update.positive_data_acceptance')).to.equal(true);
    expect(inSuite('coupon-issue.identifier-email')).to.equal(true);
  });

  it('rejects malformed entries with a reason', () => {
    const good = { id: 'x-y', pages: [{ file: 'FACTS.md', quote: 'q' }], summary: 's', readings: [{ name: 'a', meaning: 'm' }, { name: 'b', meaning: 'm' }], default: 'a', checks: ['points-update.schema.updated'] };
    expect(readingsProblems([good])).to.deep.equal([]);
    expect(readingsProblems([{ ...good, default: 'c' }]).join()).to.match(/default "c" is not one of its readings/);
    expect(readingsProblems([{ ...good, id: 'Not_Kebab' }]).join()).to.match(/kebab-case/);
    expect(readingsProblems([good, good]).join()).to.match(/not unique/);
    expect(readingsProblems([{ ...good, readings: [good.readings[0]] }]).join()).to.match(/fewer than two/);
    expect(readingsProblems([{ ...good, checks: [] }]).join()).to.match(/checks/);
    expect(() => readReadings({ 'x-readings': [{ ...good, pages: [] }] })).to.throw(/no pages/);
  });

  it('finds a point by id (points-entity: optional by default, required is a reading)', () => {
    const p = readingPoint('points-entity', points);
    expect(p?.default).to.equal('optional');
    expect(p?.readings.map((r) => r.name)).to.deep.equal(['optional', 'required']);
    expect(p?.checks).to.include('points-update.update-is-stored');
  });
});
