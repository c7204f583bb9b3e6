/**
 * The resource-owner password grant, for learning only (RFC 9700 §2.4: it MUST NOT be used). Registered only
 * when the mock bank runs with `legacyGrants`, and usable only by clients registered with `grant_types: ["password"]`
 * (oidc-provider refuses every other client with unauthorized_client). The implicit grant needs no code here:
 * the provider then also offers `response_type=id_token token`.
 */
import Provider, { errors } from 'oidc-provider';
import { SCOPE_PERMISSIONS, usersAt } from '../banks';
import type { BankRuntime, MockBankContext } from '../context';
import { API_SCOPE_NAMES, apiResourceServer } from './provider';

export function registerPasswordGrant(ctx: MockBankContext, bank: BankRuntime, provider: Provider): void {
  const bankId = bank.def.id;
  const resourceServer = { ...apiResourceServer(ctx, bank), identifier: () => bank.apiBase };

  provider.registerGrantType(
    'password',
    async (koa) => {
      const params = koa.oidc.params as Record<string, string | undefined>;
      const client = koa.oidc.client!;
      const user = usersAt(bankId).find((u) => u.username === params.username);
      if (!user || user.locked || user.password !== params.password) {
        throw new errors.InvalidGrant('invalid resource owner credentials');
      }
      const requested = (params.scope ?? '').split(' ');
      const scopes = API_SCOPE_NAMES.filter((s) => requested.includes(s));
      if (!scopes.length) throw new errors.InvalidScope('request at least one of: accounts balances transactions', params.scope ?? '');

      const grant = new provider.Grant({ accountId: user.username, clientId: client.clientId });
      grant.addResourceScope(bank.apiBase, scopes.join(' '));
      const grantId = await grant.save();
      const consent = ctx.consents.create({
        bankId,
        clientId: client.clientId,
        permissions: scopes.flatMap((s) => SCOPE_PERMISSIONS[s]),
        scopes,
        expiresAt: new Date(ctx.options.now().getTime() + 90 * 86400_000).toISOString(),
      });
      ctx.consents.authorise(consent.consentId, {
        userId: user.username,
        accountIds: ctx.ledger.accountsOf(bankId, user.username).map((a) => a.accountId),
        grantId,
        scopes,
      });

      const at = new provider.AccessToken({ accountId: user.username, client, grantId, scope: scopes.join(' '), gty: 'password' });
      (at as unknown as { resourceServer: typeof resourceServer }).resourceServer = resourceServer;
      const accessToken = await at.save();
      koa.body = { access_token: accessToken, token_type: 'Bearer', expires_in: at.expiration, scope: at.scope };
    },
    ['username', 'password', 'scope'],
  );
}
