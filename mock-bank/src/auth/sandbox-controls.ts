/** The auth server's sandbox controls: revoke a user's grants, force her to sign in again. */
import express, { type Express, type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import { usersAt } from '../banks';
import type { BankRuntime, MockBankContext } from '../context';
import { revokeGrant } from './grants';
import type { ModelStore } from './model-store';

export function mountAuthSandbox(app: Express, ctx: MockBankContext, bank: BankRuntime, provider: Provider, store: ModelStore): void {
  const bankId = bank.def.id;
  const base = `/sandbox/banks/${bankId}/users/:username`;
  const guard: RequestHandler = (req, res, next) => {
    if (req.get('x-sandbox-key') === ctx.options.sandboxKey) return next();
    res.status(401).json({ error: 'unauthorized', error_description: 'missing or wrong x-sandbox-key header' });
  };
  const knownUser: RequestHandler = (req, res, next) => {
    if (usersAt(bankId).some((u) => u.username === req.params.username)) return next();
    res.status(404).json({ error: 'not_found', error_description: `no user ${String(req.params.username)} at ${bankId}` });
  };

  app.post(`${base}/revoke-grants`, guard, knownUser, express.json(), async (req, res) => {
    const clientId = typeof req.body?.clientId === 'string' ? req.body.clientId : undefined;
    const grants = store
      .list(bankId, 'Grant')
      .filter(([, g]) => g.accountId === req.params.username && (!clientId || g.clientId === clientId));
    for (const [grantId] of grants) await revokeGrant(provider, grantId);
    res.json({ bankId, username: req.params.username, revokedGrants: grants.length });
  });

  app.post(`${base}/logout`, guard, knownUser, async (req, res) => {
    const sessions = store.list(bankId, 'Session').filter(([, s]) => s.accountId === req.params.username);
    for (const [id] of sessions) await (await provider.Session.find(id))?.destroy();
    res.json({ bankId, username: req.params.username, endedSessions: sessions.length });
  });
}
