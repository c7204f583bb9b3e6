/** Small pages of the authorization server: logout, errors, plain messages. */
import type { BankDef } from '../src/banks';
import { html, page, raw } from './html';

export function messageView(bank: BankDef | undefined, title: string, message: string): string {
  return page({ title, brand: bank, body: html`<h1>${title}</h1><p>${message}</p>` });
}

export function errorView(bank: BankDef, out: { error?: string; error_description?: string }): string {
  return page({
    title: 'Something went wrong',
    brand: bank,
    body: html`<h1>Something went wrong</h1>
<p class="error" id="oauth-error"><strong>${out.error ?? 'error'}</strong>${out.error_description ? html`: ${out.error_description}` : ''}</p>
<p class="muted">The app sent ${bank.name} a request it cannot accept, so you were not sent back to it. Close this tab and try again from the app.</p>`,
  });
}

/** `form` is oidc-provider's own hidden form (with its xsrf token); the buttons submit it. */
export function logoutView(bank: BankDef, form: string): string {
  return page({
    title: 'Sign out',
    brand: bank,
    body: html`<h1>Sign out of ${bank.name}?</h1>
${raw(form)}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" id="logout-yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary" id="logout-no">No, stay signed in</button>`,
  });
}

export function logoutSuccessView(bank: BankDef): string {
  return messageView(bank, 'Signed out', `You are signed out of ${bank.name}.`);
}
