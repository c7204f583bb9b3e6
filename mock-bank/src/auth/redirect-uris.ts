/**
 * The bank's redirect-URI rules on top of oidc-provider's:
 * - Registration: plain `http` only on a loopback host (RFC 8252 §7.3); anywhere else `https` (RFC 6749
 *   §3.1.2.1), or a private-use scheme for native apps (RFC 8252 §7.1). oidc-provider checks this for native
 *   clients only.
 * - Authorization: a native client's loopback redirect URI registered without a port stands for the port the app
 *   listens on, which each request names (RFC 8252 §7.3). A request that names no redirect_uri leaves it unknown,
 *   and oidc-provider would fall back to the registered URI itself, port 80. Such a request is refused, and its
 *   errors are shown on the bank's error page instead of being redirected.
 */
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';

/** oidc-provider's loopback hosts for native clients. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Tested on the raw string: `new URL` drops an explicit `:80`, and that names a port. */
const PORTLESS_LOOPBACK = /^http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)(?:[/?#]|$)/i;

/** Throws `invalid_redirect_uri` (RFC 7591 §3.2.2) for a plain-http redirect URI off the loopback interface. */
export function refuseInsecureRedirectUris(redirectUris: readonly string[] = []): void {
  const insecure = redirectUris.find((uri) => {
    const url = URL.parse(uri);
    return url?.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname);
  });
  if (insecure) {
    throw new errors.CustomOIDCProviderError(
      'invalid_redirect_uri',
      `${insecure}: plain http is allowed only on a loopback address (127.0.0.1, [::1], localhost); use https`,
    );
  }
}

/** Whether an authorization or PAR request leaves the port of the client's one, port-less loopback redirect URI unknown. */
function loopbackPortUnknown(koa: KoaContextWithOIDC): boolean {
  const { client, entities, body } = koa.oidc;
  const registered = client?.redirectUris ?? [];
  if (client?.applicationType !== 'native' || registered.length !== 1 || !PORTLESS_LOOPBACK.test(registered[0])) return false;
  // A pushed request has named it: the PAR endpoint refuses one that does not.
  if (entities.PushedAuthorizationRequest) return false;
  const request = koa.method === 'POST' ? body : koa.query;
  return !request?.redirect_uri;
}

/** The `extraParams` validator of `redirect_uri`: it runs for every authorization and PAR request. */
export function requireLoopbackPort(koa: KoaContextWithOIDC): void {
  if (loopbackPortUnknown(koa)) {
    throw new errors.InvalidRequest('redirect_uri is required: the registered loopback redirect URI names no port');
  }
}

/** oidc-provider redirects an authorization error only when the error allows it; these do not. */
export function renderErrorsOfUnknownPorts(provider: Provider): void {
  provider.on('authorization.error', (koa, err) => {
    if (koa.oidc.route === 'authorization' && loopbackPortUnknown(koa)) err.allow_redirect = false;
  });
}
