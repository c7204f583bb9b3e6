/** The banks' authorization servers (oidc-provider), their pages, the developer portal and the home page. */
import type { Express } from 'express';
import type { BankRuntime, MockBankContext } from '../context';
import { homeView } from '../../views/home';
import { mountConnectedApps } from './connected-apps';
import { linkConsentsToGrants } from './grants';
import { mountInteractions } from './interactions';
import { registerPasswordGrant } from './legacy-grants';
import { createProvider } from './provider';
import { authState } from './registry';
import { mountAuthSandbox } from './sandbox-controls';

export { mountPortal } from './portal';

export async function mountAuthServer(app: Express, ctx: MockBankContext, bank: BankRuntime): Promise<void> {
  const bankId = bank.def.id;
  const state = authState(ctx);
  const provider = createProvider(ctx, bank, state.store);
  if (ctx.options.legacyGrants) registerPasswordGrant(ctx, bank, provider);
  linkConsentsToGrants(ctx, bank, provider, state.store);

  mountInteractions(app, ctx, bank, provider, state.csrf);
  mountConnectedApps(app, ctx, bank, provider, state.csrf);
  mountAuthSandbox(app, ctx, bank, provider, state.store);
  app.post(`/${bankId}/token`, ctx.faults.middleware('token', bankId));
  app.use(`/${bankId}`, provider.callback());
}

export function mountHome(app: Express, ctx: MockBankContext): void {
  app.get('/', (_req, res) => {
    const banks = ctx.banks.map((b) => ({ ...b, profile: ctx.behaviour.describe(b.def.id).profile }));
    res.type('html').send(homeView({ banks, portalUrl: `${ctx.origin}/portal` }));
  });
}
