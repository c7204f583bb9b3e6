/** Keeps oidc-provider grants and open-banking consents in step, in both directions. */
import type Provider from 'oidc-provider';
import type { ConsentStatus } from '../consents';
import type { BankRuntime, MockBankContext } from '../context';
import type { ModelStore } from './model-store';

const ENDED: ConsentStatus[] = ['EXPD', 'CANC', 'RJCT'];

/** Revokes every token of a grant and destroys it (which cancels its consent). */
export async function revokeGrant(provider: Provider, grantId: string): Promise<void> {
  await Promise.all([provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode].map((m) => m.revokeByGrantId(grantId)));
  const grant = await provider.Grant.find(grantId);
  await grant?.destroy();
}

export function linkConsentsToGrants(ctx: MockBankContext, bank: BankRuntime, provider: Provider, store: ModelStore): void {
  const bankId = bank.def.id;
  // A grant revoked by any path (RFC 7009, refresh-token reuse, logout, connected apps, sandbox) cancels its consent.
  store.onGrantDestroyed((b, grantId) => {
    if (b !== bankId) return;
    const consent = ctx.consents.byGrant(grantId);
    if (consent && (consent.status === 'AUTH' || consent.status === 'AWAU')) ctx.consents.setStatus(consent.consentId, 'CANC');
  });
  // A consent that ended (deleted by the app, expired by the sandbox) takes its grant with it, so refreshing fails.
  ctx.consents.onStatusChange((consent) => {
    if (consent.bankId !== bankId || !consent.grantId || !ENDED.includes(consent.status)) return;
    revokeGrant(provider, consent.grantId).catch((err: unknown) => {
      if (!ctx.options.quiet) console.error(`[${bankId}] could not revoke grant of consent ${consent.consentId}:`, err);
    });
  });
}
