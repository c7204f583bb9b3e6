/**
 * The built renderer against the real browser-mode HTTP bridge (src/main/bridge/http-bridge.ts) with the
 * fixture API as its service: checks the secret handshake, calls, events over SSE and the CSP.
 * Usage (after `npm run build:renderer`): npx tsx test/renderer/visual/bridge-check.ts
 */
import { join } from 'node:path';
import type { AppEvent, MyBucksService } from '../../../src/shared/contract';
import { startBridge } from '../../../src/main/bridge/http-bridge';
import { launchChromium } from '../../support/chromium';
import { installFakeApi } from './fake-window-api';

const holder = { mybucks: undefined as unknown };
(globalThis as unknown as { window: typeof holder }).window = holder;
installFakeApi({ firstRun: false, expiringSoon: false });
const fake = holder.mybucks as Record<string, (input: unknown) => Promise<unknown>>;
const calls: string[] = [];
const service = new Proxy(fake, {
  get: (target, prop: string) => (input: unknown) => {
    calls.push(prop);
    return target[prop](input);
  },
}) as unknown as MyBucksService;

const listeners = new Set<(e: AppEvent) => void>();
const bridge = await startBridge({
  service,
  subscribe: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  rendererDir: join(process.cwd(), 'out/renderer'),
});
const browser = await launchChromium();
const problems: string[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(bridge.url);
  const total = await page.getByTestId('total-GBP').textContent();
  console.log(`dashboard over the bridge: total-GBP = ${total}`);
  if (page.url().includes(bridge.secret)) problems.push('the secret is still in the address bar');
  await new Promise((r) => setTimeout(r, 300));
  const before = calls.filter((c) => c === 'listConnections').length;
  for (const l of listeners) l({ type: 'connections-changed' });
  await page.waitForTimeout(1200);
  const after = calls.filter((c) => c === 'listConnections').length;
  console.log(`event stream: listConnections ${before} → ${after} calls after a connections-changed event (${listeners.size} subscriber)`);
  if (after <= before) problems.push('connections-changed did not reach the page');
  await page.reload();
  await page.getByTestId('total-GBP').waitFor();
  console.log('reload without the hash: still authorised (secret kept in sessionStorage)');
  await page.screenshot({ path: join(process.cwd(), 'test-results/renderer/bridge-dashboard.png') });
} finally {
  await browser.close();
  await bridge.close();
}
console.log(problems.length ? `PROBLEMS:\n${problems.join('\n')}` : 'bridge check passed');
process.exitCode = problems.length ? 1 : 0;
