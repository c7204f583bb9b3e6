/**
 * Asks a bank, without anyone signing in, whether it accepts a loopback redirect URI for a client: through
 * PAR when the bank offers it (a definite answer), otherwise by starting an authorization request and
 * reading the first response. A bank that rejects a redirect URI must show an error itself and never
 * redirect (RFC 6749 §4.1.2.1): a 4xx without a redirect means "not accepted"; a redirect (to its sign-in
 * page, or an error sent back to the URI) or a page means "accepted".
 */
import * as oidc from 'openid-client';
import type { IssuerConfigs } from './issuers';
import { BankUnavailableError } from './errors';

export async function redirectUriAccepted(
  issuers: IssuerConfigs,
  issuer: string,
  config: oidc.Configuration,
  redirectUri: string,
): Promise<boolean> {
  const params = {
    redirect_uri: redirectUri,
    scope: 'openid',
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  };
  if (config.serverMetadata().pushed_authorization_request_endpoint) {
    try {
      await oidc.buildAuthorizationUrlWithPAR(config, params);
      return true;
    } catch (err) {
      const status = (err as { status?: number }).status ?? ((err as Error).cause instanceof Response ? ((err as Error).cause as Response).status : 0);
      if (status >= 400 && status < 500) return false;
      throw new BankUnavailableError(`the bank did not answer a test sign-in request (${(err as Error).message})`, { cause: err });
    }
  }
  const url = oidc.buildAuthorizationUrl(config, params);
  const res = await issuers.fetch(issuer, url, { redirect: 'manual' });
  await res.body?.cancel();
  if (res.status >= 500) throw new BankUnavailableError(`the bank answered a test sign-in request with HTTP ${res.status}`);
  return res.status < 400;
}
