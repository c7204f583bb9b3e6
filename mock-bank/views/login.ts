import type { BankDef, TestUser } from '../src/banks';
import { TEST_PASSWORD } from '../src/banks';
import { html, page } from './html';

/** Field names/ids are relied on by test/support/bank-consent.ts: #username, #password, #sign-in, hidden `csrf`. */
export function loginView(opts: {
  bank: BankDef;
  action: string;
  csrf: string;
  clientName: string;
  users: TestUser[];
  error?: string;
  username?: string;
}): string {
  const { bank } = opts;
  return page({
    title: 'Sign in',
    brand: bank,
    body: html`<h1>Sign in to ${bank.name}</h1>
<p><strong>${opts.clientName}</strong> wants to connect to your ${bank.name} accounts. Sign in here, at your bank; the app never sees your password.</p>
${opts.error ? html`<p class="error" role="alert" id="login-error">${opts.error}</p>` : ''}
<form method="post" action="${opts.action}" autocomplete="off">
  <input type="hidden" name="csrf" value="${opts.csrf}">
  <label for="username">Username</label>
  <input type="text" id="username" name="username" value="${opts.username ?? ''}" required autofocus>
  <label for="password">Password</label>
  <input type="password" id="password" name="password" required>
  <button type="submit" id="sign-in">Sign in</button>
</form>
<h2>Test users</h2>
<p class="muted">This is a simulated bank. Every test user's password is <code>${TEST_PASSWORD}</code>.</p>
<table><tr><th>Username</th><th>Name</th><th>What for</th></tr>
${opts.users.map((u) => html`<tr><td><code>${u.username}</code></td><td>${u.name}</td><td>${u.purpose}</td></tr>`)}
</table>`,
  });
}
