import { html, page } from './html';

export const LEGACY_LABEL = 'Deprecated by RFC 9700 — shown for learning; MyBucks does not use them';

export interface PortalBank {
  id: string;
  name: string;
  issuer: string;
}

export interface RegistrationResult {
  bankName: string;
  issuer: string;
  metadata: Record<string, unknown>;
}

/** Field names: bank, client_name, client_uri, redirect_uris (one per line), client_type, grant_type (repeated). */
export function portalView(opts: { banks: PortalBank[]; legacyGrants: boolean; error?: string; result?: RegistrationResult }): string {
  const r = opts.result?.metadata;
  return page({
    title: 'Developer portal',
    body: html`<h1>Developer portal</h1>
<p>Register an app with one of the simulated banks. You get a client ID (and a secret for a confidential web app)
to use with the bank's authorization server.</p>
<p class="note">This is a sandbox: registration is open, with no initial access token. The same thing is available as
RFC 7591 dynamic registration: <code>POST &lt;issuer&gt;/reg</code> with the client metadata as JSON.</p>
${opts.error ? html`<p class="error" role="alert" id="registration-error">${opts.error}</p>` : ''}
${r
  ? html`<h2>Registered at ${opts.result!.bankName}</h2>
<table id="registration">
<tr><th>Client ID</th><td><code id="client-id">${String(r.client_id)}</code></td></tr>
${r.client_secret ? html`<tr><th>Client secret</th><td><code id="client-secret">${String(r.client_secret)}</code> <span class="muted">shown once — keep it safe</span></td></tr>` : ''}
<tr><th>Issuer</th><td><code>${opts.result!.issuer}</code></td></tr>
<tr><th>Registration access token</th><td><code id="registration-access-token">${String(r.registration_access_token ?? '')}</code></td></tr>
<tr><th>Metadata</th><td><pre>${JSON.stringify(r, null, 2)}</pre></td></tr>
</table>`
  : ''}
<h2>Register an app</h2>
<form method="post" action="/portal/register">
  <label for="bank">Bank</label>
  <select id="bank" name="bank">${opts.banks.map((b) => html`<option value="${b.id}">${b.name} (${b.issuer})</option>`)}</select>
  <label for="client_name">App name</label><input type="text" id="client_name" name="client_name" required>
  <label for="client_uri">Website</label><input type="url" id="client_uri" name="client_uri" placeholder="https://example.com">
  <label for="redirect_uris">Redirect URIs (one per line)</label>
  <textarea id="redirect_uris" name="redirect_uris" rows="3" placeholder="http://127.0.0.1/callback"></textarea>
  <p class="muted">Exact matching; for a public native app an <code>http://127.0.0.1/…</code> URI accepts any port (RFC 8252 §7.3).</p>
  <fieldset><legend>Client type</legend>
  <label class="check"><input type="radio" name="client_type" value="public" id="type-public" checked> Public native app (no secret; PKCE)</label>
  <label class="check"><input type="radio" name="client_type" value="confidential" id="type-confidential"> Confidential web app (client secret)</label>
  </fieldset>
  <fieldset><legend>Grant types</legend>
  <label class="check"><input type="checkbox" name="grant_type" value="authorization_code" id="grant-authorization_code" checked> Authorization code + PKCE (with refresh tokens)</label>
  <label class="check"><input type="checkbox" name="grant_type" value="client_credentials" id="grant-client_credentials"> Client credentials (confidential apps; for <code>account-access-consents</code>)</label>
  <p class="muted"><strong>${LEGACY_LABEL}.</strong>
  ${opts.legacyGrants ? 'Enabled on this mock bank (--legacy-grants).' : 'Off on this mock bank; start it with --legacy-grants to try them.'}</p>
  <label class="check"><input type="checkbox" name="grant_type" value="implicit" id="grant-implicit" ${opts.legacyGrants ? '' : 'disabled'}> Implicit (<code>response_type=id_token token</code>)</label>
  <label class="check"><input type="checkbox" name="grant_type" value="password" id="grant-password" ${opts.legacyGrants ? '' : 'disabled'}> Resource owner password</label>
  </fieldset>
  <button type="submit" id="register">Register</button>
</form>`,
  });
}
