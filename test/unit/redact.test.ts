import { expect } from 'chai';
import { createRedactor, basicToken, md5hex, MASK } from '../../src/redact.ts';

describe('redact: no credential in any text', () => {
  const auth = { basic: { username: 'store.server', password: 'server123' }, oauthToken: 'tok-ABC-123456' };
  const redact = createRedactor(auth);

  it("computes the vendor's Basic token: base64(user:md5hex(password))", () => {
    expect(md5hex('server123')).to.equal('8a16a6b70505eb1f1ff7cdc0cd5559a7'); // the vendor's worked example
    expect(Buffer.from(basicToken('store.server', 'server123'), 'base64').toString()).to.equal('store.server:8a16a6b70505eb1f1ff7cdc0cd5559a7');
  });

  it('masks the password, its MD5, the Basic token, the token, and encoded forms', () => {
    const text = [
      'user store.server pw server123',
      `md5 ${md5hex('server123')}`,
      `Authorization: Basic ${basicToken('store.server', 'server123')}`,
      `{"debug":"Basic ${basicToken('store.server', 'server123')}"}`,
      'X-CAP-API-OAUTH-TOKEN: tok-ABC-123456',
      `url ${encodeURIComponent('tok-ABC-123456')}`,
      `b64 ${Buffer.from('server123').toString('base64')}`,
    ].join('\n');
    const out = redact(text);
    for (const secret of ['server123', md5hex('server123'), basicToken('store.server', 'server123'), 'tok-ABC-123456', Buffer.from('server123').toString('base64')]) {
      expect(out).to.not.include(secret);
    }
    expect(out).to.include(MASK);
    expect(out).to.include('store.server'); // a user name is not a secret
  });

  it('masks auth headers by shape, whatever their value', () => {
    const out = createRedactor({})(`-H 'Authorization: Basic Zm9vOmJhcg==' -H 'X-CAP-API-OAUTH-TOKEN: anything-at-all'`);
    expect(out).to.equal(`-H 'Authorization: Basic ${MASK}' -H 'X-CAP-API-OAUTH-TOKEN: ${MASK}'`);
  });
});
