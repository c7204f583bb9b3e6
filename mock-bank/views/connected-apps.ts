import type { BankDef } from '../src/banks';
import { API_SCOPES, type ApiScope } from '../src/banks';
import { html, page } from './html';

export interface ConnectedAppRow {
  consentId: string;
  appName: string;
  website?: string;
  scopes: ApiScope[];
  accounts: string[];
  expiresAt: string | null;
  status: string;
}

const base = (bank: BankDef) => `/${bank.id}/connected-apps`;

export function connectedAppsLoginView(bank: BankDef, csrf: string, error?: string): string {
  return page({
    title: 'Connected apps',
    brand: bank,
    body: html`<h1>Connected apps</h1>
<p>Sign in to see which apps can read your ${bank.name} data, and to revoke their access.</p>
${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
<form method="post" action="${base(bank)}/login">
  <input type="hidden" name="csrf" value="${csrf}">
  <label for="username">Username</label><input type="text" id="username" name="username" required autofocus>
  <label for="password">Password</label><input type="password" id="password" name="password" required>
  <button type="submit" id="sign-in">Sign in</button>
</form>`,
  });
}

export function connectedAppsView(bank: BankDef, userName: string, csrf: string, rows: ConnectedAppRow[], notice?: string): string {
  return page({
    title: 'Connected apps',
    brand: bank,
    body: html`<h1>Connected apps</h1>
<p>Signed in as <strong>${userName}</strong>.</p>
${notice ? html`<p class="note" id="notice">${notice}</p>` : ''}
${rows.length
  ? html`<table id="connected-apps"><tr><th>App</th><th>Can</th><th>Accounts</th><th>Until</th><th></th></tr>
${rows.map(
  (r) => html`<tr data-consent-id="${r.consentId}">
<td><strong>${r.appName}</strong>${r.website ? html`<br><span class="muted">${r.website}</span>` : ''}</td>
<td>${r.scopes.map((s) => html`${API_SCOPES[s]}<br>`)}</td>
<td>${r.accounts.length ? r.accounts.map((a) => html`${a}<br>`) : html`<span class="muted">none</span>`}</td>
<td>${r.expiresAt ? r.expiresAt.slice(0, 10) : '—'}</td>
<td><form method="post" action="${base(bank)}/revoke"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="consentId" value="${r.consentId}"><button type="submit" class="secondary">Revoke</button></form></td>
</tr>`,
)}</table>`
  : html`<p id="no-apps">No app can read your data at ${bank.name}.</p>`}
<form method="post" action="${base(bank)}/logout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="secondary">Sign out</button></form>`,
  });
}
