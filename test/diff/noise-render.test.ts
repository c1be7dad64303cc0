// Noise calibration (primary vs secondary, Diffy's thresholds), the report as a whole, and its four renderings.
import { expect } from 'chai';
import { classify } from '../../src/diff/noise.ts';
import { differential, renderDiffHtml, renderDiffJson, renderDiffJunit, renderDiffMarkdown, type FixturesLike, type RecordedExchange } from '../../src/diff/index.ts';

const fixtures: FixturesLike = { seriesId: 544770, customers: [{ id: 555567088, mobile: '919800000001', externalId: 'E1', email: 'a@example.com' }] };

const rec = (key: string, body: unknown, status = 200, operation = 'op'): RecordedExchange => ({
  key, operation, request: { method: 'PUT', path: '/v2/x', body: { n: key } }, response: { status, body },
});

describe('diff: noise calibration', () => {
  it('a path where the primary host differs from itself is noise; one where it never does is not', () => {
    const primary = [rec('r#0', { note: 'alpha', code: 1 }), rec('r#1', { note: 'beta', code: 1 })];
    const secondary = [rec('r#0', { note: 'gamma', code: 1 }), rec('r#1', { note: 'beta', code: 1 })];
    const candidate = [rec('r#0', { note: 'delta', code: 2 }), rec('r#1', { note: 'beta', code: 1 })];
    const report = differential({ primary, secondary, candidate, fixturesA: fixtures, fixturesB: fixtures });
    const byPath = Object.fromEntries(report.differences.map((d) => [d.path, d]));
    expect(byPath['/note'].noise).to.equal(true);
    expect(byPath['/note'].noiseCount).to.equal(1);
    expect(byPath['/code'].noise).to.equal(false);
    expect(byPath['/code'].count).to.equal(1);
    expect(byPath['/code'].example).to.deep.include({ key: 'r#0', request: 'PUT /v2/x', a: 1, b: 2 });
    expect(report.noise.map((n) => n.path)).to.deep.equal(['/note']);
    expect(report.ok).to.equal(false);
    expect(report.pairs).to.equal(2);
    // Without the /code change only noise is left: the hosts agree.
    const calm = differential({ primary, secondary, candidate: [rec('r#0', { note: 'delta', code: 1 }), candidate[1]], fixturesA: fixtures, fixturesB: fixtures });
    expect(calm.ok).to.equal(true);
    expect(calm.differences.map((d) => [d.path, d.noise])).to.deep.equal([['/note', true]]);
  });

  it("Diffy's relative threshold: a candidate that differs far more often than the host differs from itself is not noise", () => {
    expect(classify({ count: 20, pairs: 20 }, { count: 1, pairs: 20 }).noise).to.equal(false);
    expect(classify({ count: 10, pairs: 20 }, { count: 9, pairs: 20 }).noise).to.equal(true);
    expect(classify({ count: 2, pairs: 20 }, { count: 10, pairs: 20 }).noise).to.equal(true);
    // Too few calibration pairs for a rate: one disagreement of the host with itself marks the path.
    expect(classify({ count: 5, pairs: 5 }, { count: 1, pairs: 5 }).noise).to.equal(true);
    expect(classify({ count: 1, pairs: 5 }, { count: 0, pairs: 5 }).noise).to.equal(false);
  });

  it('keys answered on one side only: unpaired, noise only when the host itself answers them in one run only', () => {
    const primary = [rec('a#0', {}), rec('a#1', {}), rec('a#2', {})];
    const secondary = [rec('a#0', {}), rec('a#1', {})];
    const candidate = [rec('a#0', {}), rec('b#0', {})];
    const report = differential({ primary, secondary, candidate, fixturesA: fixtures, fixturesB: fixtures });
    expect(report.unpaired).to.deep.equal([
      { key: 'a#1', operation: 'op', only: 'primary', noise: false },
      { key: 'a#2', operation: 'op', only: 'primary', noise: true },
      { key: 'b#0', operation: 'op', only: 'candidate', noise: false },
    ]);
    expect(report.ok).to.equal(false);
  });

  it('redacts secrets in the examples', () => {
    const primary = [rec('s#0', { ok: true })];
    const candidate = [rec('s#0', { ok: true, debug: { authorization: 'Basic c2VjcmV0LXRva2Vu' } })];
    const report = differential({ primary, secondary: primary, candidate, fixturesA: fixtures, fixturesB: fixtures }, { redact: (s) => s.replaceAll('c2VjcmV0LXRva2Vu', '***') });
    expect(JSON.stringify(report)).to.not.include('c2VjcmV0LXRva2Vu');
    expect(report.differences[0]).to.deep.include({ path: '/debug', noise: false });
  });
});

describe('diff: the four renderings', () => {
  const primary = [rec('p#0', { errors: [{ code: 749, message: 'm' }] }, 400), rec('p#1', { note: 'x' })];
  const secondary = [rec('p#0', { errors: [{ code: 749, message: 'm' }] }, 400), rec('p#1', { note: 'y' })];
  const candidate = [rec('p#0', { errors: [{ code: 750, message: '<script>alert(1)</script> | pipe' }], hint: '<b>&</b> | `x`' }, 400), rec('p#1', { note: 'z' })];
  const report = differential({ primary, secondary, candidate, fixturesA: fixtures, fixturesB: fixtures });

  it('JSON: the report as plain data', () => {
    const json = renderDiffJson(report);
    expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
    expect(json.ok).to.equal(false);
    expect(json.differences.filter((d) => !d.noise).map((d) => d.path)).to.deep.equal(['/errors[]/code', '/hint']);
  });

  it('JUnit: one case per operation and path, failing when not noise', () => {
    const xml = renderDiffJunit(report);
    expect(xml).to.match(/<testsuite name="differential" tests="3" failures="2"/);
    expect(xml).to.include('name="op /errors[]/code"');
    expect(xml).to.include('name="op /note"');
    expect((xml.match(/<failure /g) ?? []).length).to.equal(2);
    // The hostile text travels only inside CDATA (or escaped in attributes).
    expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).to.not.include('<b>');
  });

  it('HTML: a section with every text escaped', () => {
    const html = renderDiffHtml(report);
    expect(html).to.match(/^<section class="differential"/);
    expect(html).to.not.include('<b>');
    expect(html).to.include('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(html).to.include('/errors[]/code');
    expect(html).to.include('DIFFERENT');
  });

  it('Markdown: a section with a table row per path, cells escaped', () => {
    const md = renderDiffMarkdown(report);
    expect(md).to.match(/^## Differential run/);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).to.have.length(4);
    expect(rows.find((r) => r.includes('/hint'))).to.include('\\|');
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length).to.equal(9);
  });
});
