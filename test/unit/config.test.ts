import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, ConfigError, isLoopback, TREAT_LOOPBACK_AS_REMOTE } from '../../src/config/index.ts';
import { tempDir } from '../support/cli.ts';

const fixtures = {
  seriesId: 7,
  customers: [
    { id: 1, mobile: '911', externalId: 'x1', email: 'a@example.com' },
    { id: 2, mobile: '912', externalId: 'x2', email: 'b@example.com' },
  ],
  pointsRedemptions: [{ redemptionId: 'r1', externalReferenceNumber: 'e1', customer: { mobile: '911' } }],
  limits: { bulkRedeemMax: 100 },
  auth: { type: 'basic', username: 'file-user', password: 'file-pass', oauthToken: 'file-token' },
  someUnknownKey: true,
};
function file(value: unknown): string {
  const f = join(tempDir(), 'f.json');
  writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}
const throwsKey = (fn: () => unknown, key: string | RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    if (typeof key === 'string') expect((err as ConfigError).key).to.equal(key);
    else expect((err as Error).message).to.match(key);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('config: flags > env > fixtures file', () => {
  it('with nothing given: the embedded host, defaults, no rate limit on loopback', () => {
    const c = resolveConfig({}, {});
    expect(c).to.include({ baseUrl: null, fixtures: null, allowWrites: false, bulkMax: null, maxRpm: null, timeoutMs: 10_000, remote: false, reportsDir: 'reports' });
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('flags win over env, env over the fixtures file', () => {
    const f = file(fixtures);
    const env = { CONFORMANCE_PASSWORD: 'env-pass', CONFORMANCE_USERNAME: 'env-user', CONFORMANCE_OAUTH_TOKEN: 'env-token' };
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f }, {}).auth).to.deep.equal({ basic: { username: 'file-user', password: 'file-pass' }, oauthToken: 'file-token' });
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f }, env).auth).to.deep.equal({ basic: { username: 'env-user', password: 'env-pass' }, oauthToken: 'env-token' });
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f, password: 'flag-pass' }, env).auth.basic).to.deep.equal({ username: 'env-user', password: 'flag-pass' });
    expect(resolveConfig({ fixtures: undefined, baseUrl: undefined }, { CONFORMANCE_BASE_URL: 'https://api.example.com', CONFORMANCE_FIXTURES: f }).baseUrl).to.equal('https://api.example.com');
  });

  it('a remote host gets 1000 requests/min by default; --max-rpm and env override; --bulk-max beats the fixtures limit', () => {
    const f = file(fixtures);
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f }, {})).to.include({ remote: true, maxRpm: 1000, bulkMax: 100 });
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f, maxRpm: '60', bulkMax: '50' }, { CONFORMANCE_MAX_RPM: '100' })).to.include({ maxRpm: 60, bulkMax: 50 });
    expect(resolveConfig({ baseUrl: 'https://api.example.com', fixtures: f }, { CONFORMANCE_MAX_RPM: '100' }).maxRpm).to.equal(100);
    expect(resolveConfig({ baseUrl: 'http://127.0.0.1:8080', fixtures: f }, {})).to.include({ remote: false, maxRpm: null });
    expect(resolveConfig({ baseUrl: 'http://127.0.0.1:8080', fixtures: f }, { [TREAT_LOOPBACK_AS_REMOTE]: '1' })).to.include({ remote: true, maxRpm: 1000 });
  });

  it('--allow-writes by flag or CONFORMANCE_ALLOW_WRITES=1', () => {
    expect(resolveConfig({ allowWrites: true }, {}).allowWrites).to.equal(true);
    expect(resolveConfig({}, { CONFORMANCE_ALLOW_WRITES: '1' }).allowWrites).to.equal(true);
  });

  it('--oauth-key/--oauth-secret (or CONFORMANCE_OAUTH_KEY/_SECRET) are OAuth client credentials; half a pair names the missing key', () => {
    const f = file({ ...fixtures, auth: undefined });
    const base = { baseUrl: 'https://api.example.com', fixtures: f };
    expect(resolveConfig({ ...base, oauthKey: 'k1', oauthSecret: 's1' }, {}).auth).to.deep.equal({ oauth: { key: 'k1', secret: 's1' } });
    expect(resolveConfig(base, { CONFORMANCE_OAUTH_KEY: 'k2', CONFORMANCE_OAUTH_SECRET: 's2' }).auth).to.deep.equal({ oauth: { key: 'k2', secret: 's2' } });
    expect(resolveConfig({ ...base, oauthKey: 'k3' }, { CONFORMANCE_OAUTH_KEY: 'k2', CONFORMANCE_OAUTH_SECRET: 's2' }).auth).to.deep.equal({ oauth: { key: 'k3', secret: 's2' } });
    throwsKey(() => resolveConfig({ ...base, oauthKey: 'k1' }, {}), '--oauth-secret');
    throwsKey(() => resolveConfig(base, { CONFORMANCE_OAUTH_SECRET: 's1' }), '--oauth-key');
  });

  it('recognises loopback hosts', () => {
    for (const u of ['http://127.0.0.1:1', 'http://127.4.5.6', 'http://localhost:9', 'http://[::1]:80']) expect(isLoopback(u), u).to.equal(true);
    for (const u of ['https://api.example.com', 'http://10.0.0.1', 'http://127.0.0.1.example.com']) expect(isLoopback(u), u).to.equal(false);
  });

  describe('bad input names the key', () => {
    it('missing and malformed fixtures keys', () => {
      const { seriesId: _s, ...noSeries } = fixtures;
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file(noSeries) }, {}), 'fixtures seriesId');
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file({ ...fixtures, customers: [fixtures.customers[0]] }) }, {}), 'fixtures customers');
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file({ ...fixtures, pointsRedemptions: [{ redemptionId: 'r', customer: {} }] }) }, {}), 'fixtures pointsRedemptions[0].externalReferenceNumber');
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file({ ...fixtures, limits: { bulkRedeemMax: 0 } }) }, {}), 'fixtures limits.bulkRedeemMax');
    });
    it('a malformed fixtures file, without quoting its content', () => {
      const err = throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file('{"auth": {"password": "TopSecret1"}, oops') }, {}), '--fixtures');
      expect(err.message).to.match(/not valid JSON/);
      expect(err.message).to.not.include('TopSecret1');
    });
    it('URLs', () => {
      const f = file(fixtures);
      throwsKey(() => resolveConfig({ baseUrl: 'nope', fixtures: f }, {}), '--base-url');
      throwsKey(() => resolveConfig({ baseUrl: 'ftp://h.example', fixtures: f }, {}), '--base-url');
      const err = throwsKey(() => resolveConfig({ baseUrl: 'https://u:pw@h.example', fixtures: f }, {}), '--base-url');
      expect(err.message).to.not.include('pw@');
    });
    it('numbers', () => {
      for (const [key, flags] of [['--max-rpm', { maxRpm: '0' }], ['--timeout', { timeout: '-5' }], ['--bulk-max', { bulkMax: '1.5' }], ['--runs', { runs: 'x' }], ['--seed', { seed: 'abc' }]] as const) {
        throwsKey(() => resolveConfig(flags, {}), key);
      }
    });
    it('half a Basic credential, and no credential for a real host', () => {
      const { auth: _a, ...noAuth } = fixtures;
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file(noAuth), username: 'u' }, {}), '--password');
      throwsKey(() => resolveConfig({ baseUrl: 'https://h.example', fixtures: file(noAuth) }, {}), '--username');
    });
    it('a --grep that is not a pattern', () => {
      throwsKey(() => resolveConfig({ grep: '(' }, {}), '--grep');
    });
  });
});
