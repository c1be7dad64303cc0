// [reliability] Redaction in failing runs: a host that echoes the credentials back (header
// X-Echo-Auth and body field `debug`, fault echo-credentials) and also breaks documented
// rules (bulk-partial, points-wrong-code), so the failures quote the echoed bodies. Canary credentials, given by
// flag, by environment, in the fixtures file and as an OAuth token, must appear in no output,
// report, log or failure, in any form they travel in.
// (test/cli/cli.test.ts covers passing runs against the echoing host.)
import { expect } from 'chai';
import type { Simulator } from '../../simulator/index.ts';
import { basicToken, md5hex } from '../../src/redact.ts';
import { failed, hostArgs, Hosts, timedCli, type TimedRun } from './support.ts';

/**
 * bulk-partial fails bulk-redeem.atomic-failure (its long body is trimmed before the echo);
 * points-wrong-code fails the points rules with short bodies, quoted whole with the echo.
 * echo-credentials comes last: it reshapes the answers the other faults made.
 */
const FAULTS = ['bulk-partial', 'points-wrong-code', 'echo-credentials'];

const username = 'canary.rel.till';
const password = 'CanaryRelPass-93fd21';
const token = 'CanaryRelToken-0c4be7d2';
const oauthKey = 'CanaryRelKey-4e19a0';
const oauthSecret = 'CanaryRelSecret-b7c3d5e1';

/** Every form a credential may travel in. */
const SECRET_FORMS: Record<string, string> = {
  password,
  'password, URL-encoded': encodeURIComponent(password),
  'password, base64': Buffer.from(password).toString('base64'),
  'MD5 of the password': md5hex(password),
  'Basic token': basicToken(username, password),
  'user:md5 pair': `${username}:${md5hex(password)}`,
  'OAuth token': token,
  'OAuth token, base64': Buffer.from(token).toString('base64'),
  'OAuth key': oauthKey,
  'OAuth secret': oauthSecret,
  'OAuth secret, base64': Buffer.from(oauthSecret).toString('base64'),
};

function leaks(run: TimedRun): string[] {
  const texts: Record<string, string> = { stdout: run.stdout, stderr: run.stderr, ...run.reports };
  const out: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [form, secret] of Object.entries(SECRET_FORMS)) if (text.includes(secret)) out.push(`${where} leaks the ${form}`);
  }
  return out;
}

interface Variant {
  name: string;
  /** The CLI arguments after --base-url/--fixtures, the fixtures' auth, the environment. */
  args: string[];
  fixturesAuth: boolean;
  env: Record<string, string>;
  /** What the host echoes back in the failures' bodies. */
  echoed: RegExp;
}

const VARIANTS: Variant[] = [
  { name: 'Basic credentials given by flag', args: ['--username', username, '--password', password], fixturesAuth: false, env: {}, echoed: /"authorization":"Basic \*\*\*"/ },
  { name: 'Basic credentials in the fixtures file', args: [], fixturesAuth: true, env: {}, echoed: /"authorization":"Basic \*\*\*"/ },
  { name: 'an OAuth token given by environment', args: [], fixturesAuth: false, env: { CONFORMANCE_OAUTH_TOKEN: token }, echoed: /"oauthToken":"\*\*\*"/ },
  // The token the suite obtains with key + secret is echoed too: it must be masked like the rest.
  { name: 'an OAuth key and secret given by environment', args: [], fixturesAuth: false, env: { CONFORMANCE_OAUTH_KEY: oauthKey, CONFORMANCE_OAUTH_SECRET: oauthSecret }, echoed: /"oauthToken":"\*\*\*"/ },
];

describe('[reliability] no credential leaks from a failing run against a host that echoes them', function () {
  this.timeout(120_000);
  const hosts = new Hosts();
  const runs = new Map<string, TimedRun>();

  before(async () => {
    await Promise.all(
      VARIANTS.map(async (v) => {
        const sim: Simulator = await hosts.start({ credentials: { username, password, oauthToken: token }, oauthClient: { key: oauthKey, secret: oauthSecret }, faults: FAULTS });
        const fixtures = v.fixturesAuth ? sim.fixtures : { ...sim.fixtures, auth: undefined };
        runs.set(v.name, await timedCli(hostArgs(sim, v.args, fixtures), v.env));
      }),
    );
  });
  after(() => hosts.stopAll());

  for (const v of VARIANTS) {
    describe(v.name, () => {
      it('fails (bulk-partial and points-wrong-code are caught), and its failures quote the echoed bodies', () => {
        const run = runs.get(v.name)!;
        expect(run.code, run.stdout.slice(-2000) + run.stderr).to.equal(1);
        expect(failed(run).map((c) => c.id)).to.include.members(['bulk-redeem.atomic-failure', 'points-update.error-749-both-identifiers']);
        const bodies = failed(run).flatMap((c) => [c.failure, ...(c.failures ?? [])]).map((f) => f?.response?.body ?? '');
        const echoed = bodies.filter((b) => b.includes('"debug"'));
        expect(echoed.length, 'failures that quote an echoed body').to.be.greaterThan(0);
        expect(echoed.some((b) => v.echoed.test(b)), `an echoed body shows the masked credential (${v.echoed})`).to.equal(true);
      });

      it('leaks no form of any credential in stdout, stderr, results, JUnit, HTML, Markdown or the request log', () => {
        const run = runs.get(v.name)!;
        expect(Object.keys(run.reports)).to.include.members(['results.json', 'junit.xml', 'report.html', 'conformance.md', 'requests.jsonl']);
        expect(leaks(run)).to.deep.equal([]);
      });
    });
  }
});
