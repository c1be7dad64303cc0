// Run as a child process by test/unit/proxy.test.ts (NODE_EXTRA_CA_CERTS is read at start-up):
// one Client request to argv[2] (a base URL) with the proxy variables of its environment.
// Prints {"status", "error"} as one JSON line.
import { Client } from '../../src/client/index.ts';
import { getContract } from '../../src/contract/index.ts';
import { createRedactor } from '../../src/redact.ts';

const auth = { oauthToken: 'proxy-test-token' };
const client = new Client(getContract(), { baseUrl: process.argv[2]!, auth, timeoutMs: 5000, maxRpm: null, remote: false, allowWrites: false, redact: createRedactor(auth) });
const ex = await client.send({ operation: 'bulkRedeemCoupons', query: { is_redeemable: 'true' }, body: {} });
client.close();
process.stdout.write(`${JSON.stringify({ status: ex.response?.status ?? null, error: ex.error ?? null })}\n`);
