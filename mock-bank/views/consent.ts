import type { ApiScope, BankDef } from '../src/banks';
import { API_SCOPES } from '../src/banks';
import type { LedgerAccountSummary } from '../src/context';
import { html, page } from './html';

/**
 * Field names/ids are relied on by test/support/bank-consent.ts: checkboxes `scope` (#scope-<name>),
 * `account` (#account-<accountId>), buttons `decision` = allow (#allow) / deny (#deny), hidden `csrf`.
 */
export function consentView(opts: {
  bank: BankDef;
  action: string;
  csrf: string;
  userName: string;
  client: { name: string; website?: string; clientId: string };
  apiScopes: ApiScope[];
  oidcScopes: string[];
  accounts: LedgerAccountSummary[];
  consentExpiresAt: string;
}): string {
  const { bank, client } = opts;
  const kinds = { checking: 'Current account', savings: 'Savings account', credit_card: 'Credit card' };
  return page({
    title: 'Allow access',
    brand: bank,
    body: html`<h1>Allow ${client.name} to access your ${bank.name} accounts?</h1>
<p>Signed in as <strong>${opts.userName}</strong>.
<strong>${client.name}</strong>${client.website ? html` (<a href="${client.website}" rel="noreferrer noopener" target="_blank">${client.website}</a>)` : ''}
is asking for permission to:</p>
<form method="post" action="${opts.action}">
  <input type="hidden" name="csrf" value="${opts.csrf}">
  <fieldset><legend>Permissions</legend>
  ${opts.apiScopes.map((s) =>
    s === 'accounts'
      ? html`<label class="check"><input type="checkbox" id="scope-accounts" checked disabled><input type="hidden" name="scope" value="accounts"> ${API_SCOPES[s]} <span class="muted">(required)</span></label>`
      : html`<label class="check"><input type="checkbox" name="scope" value="${s}" id="scope-${s}" checked> ${API_SCOPES[s]}</label>`,
  )}
  ${opts.oidcScopes.includes('profile') ? html`<p class="muted">It will also learn your name, to show who is connected.</p>` : ''}
  ${opts.oidcScopes.includes('offline_access') ? html`<p class="muted">It can keep reading this data while you are away, until the access ends or you revoke it.</p>` : ''}
  </fieldset>
  ${opts.apiScopes.length
    ? html`<fieldset><legend>Accounts to share</legend>
  ${opts.accounts.length
    ? opts.accounts.map(
        (a) => html`<label class="check"><input type="checkbox" name="account" value="${a.accountId}" id="account-${a.accountId}" checked> ${a.nickname} · ${kinds[a.kind]} · ••${a.mask} (${a.currency})</label>`,
      )
    : html`<p class="muted" id="no-accounts">You have no accounts at ${bank.name} yet. You can still connect; nothing will be shared until you open one and reconnect.</p>`}
  </fieldset>`
    : ''}
  <p class="muted">This access ends on ${opts.consentExpiresAt.slice(0, 10)}. You can revoke it at any time on the
  <a href="/${bank.id}/connected-apps">Connected apps</a> page.</p>
  <button type="submit" name="decision" value="allow" id="allow">Allow</button>
  <button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button>
</form>`,
  });
}
