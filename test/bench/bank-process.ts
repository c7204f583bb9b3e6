/**
 * The mock bank in its own process for the benchmark (as a real bank would be: not on the app's
 * event loop). Prints one JSON line: origin, banks, access tokens for Sarah at every bank and the sandbox key.
 */
import { startMockBank } from '../../mock-bank/src/server';
import { mintTokens } from '../integration/sync/harness';

const perAccount = Number(process.argv[2] ?? '11112');
const handle = await startMockBank({ port: 0, quiet: true, seed: 2026, transactionsPerAccount: perAccount, pageSize: 1000, accessTokenTtl: 3600 });
const tokens = await mintTokens(handle);
process.stdout.write(`${JSON.stringify({ origin: handle.origin, banks: handle.banks, tokens, sandboxKey: handle.sandboxKey })}\n`);
process.on('SIGTERM', () => void handle.close().then(() => process.exit(0)));
