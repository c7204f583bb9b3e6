/**
 * The token response's `scope` (RFC 6749 §5.1) for the authorization-code and refresh grants. oidc-provider
 * answers the access token's own scope, and an access token for the API (RFC 8707 resource) carries only the
 * API scopes, so `openid`, `profile` and `offline_access` went missing although the same response honours them
 * (ID token, refresh token). Here it is what the grant holds for this client, limited to what the request
 * covers: the code's (or refresh token's) scope, or the narrower `scope` a refresh asked for.
 */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

export function reportGrantedScope(provider: Provider, resource: string): void {
  provider.use(async (koa, next) => {
    await next();
    const oidc = (koa as Partial<KoaContextWithOIDC>).oidc;
    const body = koa.body as { access_token?: string; scope?: string } | undefined;
    if (oidc?.route !== 'token' || koa.status !== 200 || !body?.access_token || !GRANT_TYPES.has(String(oidc.params?.grant_type))) return;
    const { Grant: grant, AuthorizationCode: code, RefreshToken: refreshToken } = oidc.entities;
    const source = code ?? refreshToken;
    if (!grant || !source) return;
    const covered = oidc.params?.scope ? oidc.requestParamScopes : source.scopes;
    body.scope = [grant.getOIDCScopeFiltered(covered), grant.getResourceScopeFiltered(resource, covered)].filter(Boolean).join(' ');
  });
}
