import { MYBUCKS_CLIENT, MYBUCKS_LOOPBACK_PORTS, TEST_PASSWORD, TEST_USERS, type BankDef } from '../src/banks';
import { html, page } from './html';

export function homeView(opts: { banks: { def: BankDef; issuer: string; apiBase: string; profile: string[] }[]; portalUrl: string }): string {
  return page({
    title: 'Mock banks',
    body: html`<h1>MyBucks mock banks</h1>
<p>Simulated banks for developing and testing MyBucks. Each one is an OpenID provider (authorization server) and a
UK Open Banking AISP v4.0 resource server. See <code>mock-bank/README.md</code> for a curl walkthrough.</p>
<table id="banks"><tr><th>Bank</th><th>Issuer / discovery</th><th>API base</th><th></th></tr>
${opts.banks.map(
  (b) => html`<tr><td><strong style="color:${b.def.color}">${b.def.name}</strong><br><span class="muted">${b.def.tagline} · profile ${b.profile.join(', ') || 'strict'}</span></td>
<td><code>${b.issuer}</code><br><a href="${b.issuer}/.well-known/openid-configuration">discovery</a> · <a href="${b.issuer}/jwks">JWKS</a></td>
<td><code>${b.apiBase}</code></td>
<td><a href="/${b.def.id}/connected-apps">Connected apps</a></td></tr>`,
)}
</table>
<h2>Apps</h2>
<p>MyBucks is pre-registered at every bank as the public native client <code>${MYBUCKS_CLIENT.clientId}</code>
(redirect <code>http://127.0.0.1/cb/&lt;bankId&gt;</code>, any port; at banks that match ports exactly
<code>http://127.0.0.1:&lt;port&gt;/cb/&lt;bankId&gt;</code> for ports ${MYBUCKS_LOOPBACK_PORTS.join(', ')}). Register your own in the
<a href="${opts.portalUrl}">developer portal</a>.</p>
<h2>Test users</h2>
<p>Password for all: <code>${TEST_PASSWORD}</code></p>
<table id="users"><tr><th>Username</th><th>Name</th><th>Banks</th><th>What for</th></tr>
${TEST_USERS.map((u) => html`<tr><td><code>${u.username}</code></td><td>${u.name}</td><td>${u.banks.join(', ')}</td><td>${u.purpose}</td></tr>`)}
</table>`,
  });
}
