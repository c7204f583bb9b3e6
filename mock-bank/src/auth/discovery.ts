/**
 * Discovery's `scopes_supported` lists the API scopes next to the OpenID ones. oidc-provider lists its `scopes`
 * configuration only, and the API scopes cannot go there: it treats every scope in it as an OpenID scope
 * (granted without a resource), while the API scopes belong to the API resource (RFC 8707).
 */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

export function advertiseApiScopes(provider: Provider, apiScopes: readonly string[]): void {
  provider.use(async (koa, next) => {
    await next();
    if ((koa as Partial<KoaContextWithOIDC>).oidc?.route !== 'discovery' || koa.status !== 200) return;
    const metadata = koa.body as { scopes_supported?: string[] };
    metadata.scopes_supported = [...new Set([...(metadata.scopes_supported ?? []), ...apiScopes])];
  });
}
