/** Starts every simulated bank in one HTTP server: `/<bankId>` is an issuer, `/portal` the developer portal. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { BANKS } from './banks';
import { BankBehaviours } from './behaviour';
import { ConsentStore } from './consents';
import type { BankRuntime, MockBankContext, MockBankOptions } from './context';
import { keyFileBeside, loadBankKeys } from './keys';
import { createLedger } from './data/ledger';
import { createFaultInjector } from './faults';
import { mountAuthServer, mountHome, mountPortal } from './auth';
import { mountResourceServer } from './rs';
import { mountSandbox } from './sandbox';
import { mountEcb } from './ecb';

export interface MockBankHandle {
  origin: string;
  banks: { id: string; name: string; issuer: string; apiBase: string }[];
  portalUrl: string;
  sandboxKey: string;
  ctx: MockBankContext<ReturnType<typeof createLedger>, ReturnType<typeof createFaultInjector>>;
  close(): Promise<void>;
}

function behaviourBaselines(profiles: MockBankOptions['profiles'] = {}) {
  const unknown = Object.keys(profiles).filter((id) => !BANKS.some((b) => b.id === id));
  if (unknown.length) throw new Error(`profiles for unknown bank ${unknown.join(', ')}`);
  return Object.fromEntries(
    BANKS.map((def) => {
      const chosen = profiles[def.id];
      const selection = Array.isArray(chosen) ? { profile: chosen } : chosen;
      return [def.id, { profile: selection?.profile ?? def.profile, overrides: selection?.overrides ?? {} }];
    }),
  );
}

export async function startMockBank(opts: MockBankOptions = {}): Promise<MockBankHandle> {
  const behaviour = new BankBehaviours(behaviourBaselines(opts.profiles));
  const host = opts.host ?? process.env.MOCK_BANK_HOST ?? '127.0.0.1';
  const port = opts.port ?? Number(process.env.MOCK_BANK_PORT ?? 0);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const now = opts.now ?? (() => new Date());
  const options = {
    ...opts,
    host,
    seed: opts.seed ?? 42,
    sandboxKey: opts.sandboxKey ?? process.env.MOCK_BANK_SANDBOX_KEY ?? randomBytes(16).toString('hex'),
    accessTokenTtl: opts.accessTokenTtl ?? 300,
    now,
  };
  const keys = await loadBankKeys(
    BANKS.map((def) => def.id),
    opts.persistFile && keyFileBeside(opts.persistFile),
  );
  const banks: BankRuntime[] = BANKS.map((def) => {
    const issuer = `${origin}/${def.id}`;
    return { def, issuer, apiBase: `${issuer}/open-banking/v4.0/aisp`, keys: keys[def.id] };
  });
  const ctx = {
    origin,
    options,
    banks,
    consents: new ConsentStore(now),
    behaviour,
    ledger: createLedger({ seed: options.seed, transactionsPerAccount: opts.transactionsPerAccount, now }),
    faults: createFaultInjector(),
  };

  mountSandbox(app, ctx);
  mountEcb(app, now);
  for (const bank of banks) {
    mountResourceServer(app, ctx, bank);
    await mountAuthServer(app, ctx, bank);
  }
  mountPortal(app, ctx);
  mountHome(app, ctx);

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    origin,
    banks: banks.map((b) => ({ id: b.def.id, name: b.def.name, issuer: b.issuer, apiBase: b.apiBase })),
    portalUrl: `${origin}/portal`,
    sandboxKey: options.sandboxKey,
    ctx,
    // Resolves only after the event loop has polled for I/O once more (an immediate queued from an immediate runs
    // in the next loop iteration), so that a client in this process has seen its keep-alive connections end and
    // does not send its next request down one, e.g. to a bank restarted on the same port.
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => setImmediate(() => setImmediate(resolve)));
      }),
  };
}
