/** `npm run mock-bank -- [options]`: runs every simulated bank until Ctrl-C. */
import { parseArgs } from 'node:util';
import { findBank, MYBUCKS_LOOPBACK_PORTS, TEST_PASSWORD, usersAt } from './banks';
import { PROFILE_NAMES, resolveBehaviour } from './behaviour';
import { parseFaultSpec, type FaultSpec } from './faults';
import { startMockBank } from './server';

const USAGE = `Usage: npm run mock-bank -- [options]
  --port <n>                      port (default 4010, or MOCK_BANK_PORT)
  --host <addr>                   bind address (default 127.0.0.1, or MOCK_BANK_HOST)
  --seed <n>                      seed of the synthetic data (default 42)
  --transactions-per-account <n>  booked transactions per account
  --sandbox-key <key>             key for the x-sandbox-key header (default random, or MOCK_BANK_SANDBOX_KEY)
  --persist <file>                keep grants, clients and consents in this JSON file across restarts, and the
                                  signing keys beside it (<name>.keys.json), so earlier tokens stay valid
  --legacy-grants                 allow the implicit and password grants (deprecated by RFC 9700) for clients registered for them
  --access-token-ttl <seconds>    access-token lifetime (default 300)
  --page-size <n>                 transactions per page, 25-1000 (default 1000)
  --fault <spec>                  inject a fault, repeatable: target:kind[=param]:count[:bankId]
                                  e.g. resource:429=5:2 (two 429s, Retry-After 5), token:latency=3000:1:memorial
  --profile <bankId>=<name>[,<name>...]
                                  behaviour profiles a bank plays instead of its own, applied left to right over
                                  strict; repeatable, e.g. memorial=no-iss,no-rotation
                                  profiles: ${PROFILE_NAMES.join(', ')}
  --quiet                         no request logging
  -h, --help`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'transactions-per-account': { type: 'string' },
      'sandbox-key': { type: 'string' },
      persist: { type: 'string' },
      'legacy-grants': { type: 'boolean', default: false },
      'access-token-ttl': { type: 'string' },
      'page-size': { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
      profile: { type: 'string', multiple: true, default: [] },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
/** `memorial=no-iss,no-rotation` → ['memorial', ['no-iss', 'no-rotation']] */
function parseProfileSpec(spec: string): [string, string[]] {
  const [bankId, names] = spec.split('=', 2);
  if (names === undefined) throw new Error(`--profile ${spec}: expected <bankId>=<name>[,<name>...]`);
  if (!findBank(bankId)) throw new Error(`--profile ${spec}: no bank "${bankId}"`);
  const profile = names.split(',').filter(Boolean);
  resolveBehaviour(profile); // throws on an unknown name
  return [bankId, profile];
}

let faults: FaultSpec[] = [];
let profiles: Record<string, string[]> = {};
try {
  faults = values.fault.map(parseFaultSpec);
  profiles = Object.fromEntries(values.profile.map(parseProfileSpec));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const bank = await startMockBank({
  port: positiveInt('port', values.port ?? process.env.MOCK_BANK_PORT) ?? 4010,
  host: values.host ?? process.env.MOCK_BANK_HOST ?? '127.0.0.1',
  seed: positiveInt('seed', values.seed),
  transactionsPerAccount: positiveInt('transactions-per-account', values['transactions-per-account']),
  sandboxKey: values['sandbox-key'],
  persistFile: values.persist,
  legacyGrants: values['legacy-grants'],
  accessTokenTtl: positiveInt('access-token-ttl', values['access-token-ttl']),
  pageSize: positiveInt('page-size', values['page-size']),
  quiet: values.quiet,
  profiles,
});

for (const fault of faults) bank.ctx.faults.add(fault);

const lines = [
  `MyBucks mock banks running at ${bank.origin}`,
  '',
  ...bank.banks.flatMap((b) => [
    `  ${b.name} (${b.id})`,
    `    issuer     ${b.issuer}`,
    `    discovery  ${b.issuer}/.well-known/openid-configuration`,
    `    API base   ${b.apiBase}`,
    `    users      ${usersAt(b.id).map((u) => u.username).join(', ')}`,
    `    profile    ${bank.ctx.behaviour.describe(b.id).profile.join(', ') || 'strict'}`,
  ]),
  '',
  `  Home page         ${bank.origin}/`,
  `  Developer portal  ${bank.portalUrl}`,
  `  Sandbox key       ${bank.sandboxKey}   (header x-sandbox-key)`,
  `  Test password     ${TEST_PASSWORD}   (every test user; "locked" is refused)`,
  `  MyBucks client    mybucks-desktop   (public, redirect http://127.0.0.1:<any port>/cb/<bank id>;`,
  `                    ports ${MYBUCKS_LOOPBACK_PORTS.join(', ')} where a bank matches ports exactly)`,
  values['legacy-grants'] ? '  Legacy grants     ON (implicit, password) for clients registered for them' : '',
  values.persist ? `  Persisting to     ${values.persist}` : '',
  ...values.fault.map((f) => `  Fault queued      ${f}`),
  '',
  'Press Ctrl-C to stop.',
];
console.log(lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the mock banks...`);
    bank.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
