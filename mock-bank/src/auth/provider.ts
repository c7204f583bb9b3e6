/** One bank's oidc-provider instance: the configuration that makes it an open-banking authorization server. */
import { randomBytes } from 'node:crypto';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { API_SCOPES, MYBUCKS_CLIENT, usersAt } from '../banks';
import type { BankRuntime, MockBankContext } from '../context';
import type { ModelStore } from './model-store';
import { playBehaviour } from './behaviour';
import { advertiseApiScopes } from './discovery';
import { refuseInsecureRedirectUris, renderErrorsOfUnknownPorts, requireLoopbackPort } from './redirect-uris';
import { introspectionAllowed, revocationPolicy } from './token-policies';
import { reportGrantedScope } from './token-scope';
import { logoutView, logoutSuccessView, errorView } from '../../views/pages';

export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as (keyof typeof API_SCOPES)[];

/** What getResourceServerInfo returns for the bank's API; also used by the password grant. */
export function apiResourceServer(ctx: MockBankContext, bank: BankRuntime) {
  return {
    scope: API_SCOPE_NAMES.join(' '),
    audience: bank.apiBase,
    accessTokenFormat: 'jwt' as const,
    accessTokenTTL: ctx.options.accessTokenTtl,
    jwt: { sign: { alg: 'ES256' as const } },
  };
}

function epochSeconds(iso: string | null): number | undefined {
  return iso ? Math.floor(Date.parse(iso) / 1000) : undefined;
}

/**
 * Whether a request is for the bank's API: it names an API scope, or no scope at all (client credentials, a code
 * exchange, a refresh keeping its grant's scope). One for OpenID scopes only (`openid profile`) is not: its
 * access token is then oidc-provider's userinfo token, without the API audience (OIDC Core §5.3).
 */
function forTheApi(koa: KoaContextWithOIDC): boolean {
  const scopes = String(koa.oidc.params?.scope ?? '').split(' ').filter(Boolean);
  return !scopes.length || scopes.some((s) => (API_SCOPE_NAMES as readonly string[]).includes(s));
}

/** Whether the request itself names a resource (RFC 8707), as opposed to oidc-provider defaulting one. */
function carriesResource(koa: KoaContextWithOIDC): boolean {
  return koa.query.resource !== undefined || (koa.oidc.body as Record<string, unknown> | undefined)?.resource !== undefined;
}

export function createProvider(ctx: MockBankContext, bank: BankRuntime, store: ModelStore): Provider {
  const bankId = bank.def.id;
  const legacy = Boolean(ctx.options.legacyGrants);
  // Read on every request, so a profile switched at runtime applies to the next one.
  const behaviour = () => ctx.behaviour.get(bankId);

  const config: Configuration = {
    adapter: store.adapterFor(bankId),
    jwks: bank.keys.privateJwks as Configuration['jwks'],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: MYBUCKS_CLIENT.clientId,
        client_name: MYBUCKS_CLIENT.name,
        client_uri: MYBUCKS_CLIENT.website,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: MYBUCKS_CLIENT.redirectUris(bank.def),
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    async findAccount(oidcCtx, sub, token) {
      const user = usersAt(bankId).find((u) => u.username === sub);
      if (!user || user.locked) return undefined;
      const grantId = (token as { grantId?: string } | undefined)?.grantId;
      return {
        accountId: sub,
        async claims() {
          const id = grantId ?? (oidcCtx.oidc.entities.Grant as { jti?: string } | undefined)?.jti;
          const consent = id ? ctx.consents.byGrant(id) : undefined;
          return {
            sub,
            name: user.name,
            ...(consent && {
              consent_id: consent.consentId,
              consent_expires_at: epochSeconds(consent.expiresAt),
              openbanking_intent_id: consent.consentId,
            }),
          };
        },
      };
    },
    // openbanking_intent_id is in every ID token that carries a consent, as UK Open Banking ID tokens do.
    claims: {
      openid: ['sub', 'consent_id', 'consent_expires_at', 'openbanking_intent_id'],
      profile: ['name'],
    },
    scopes: [...OIDC_SCOPES],
    // Scope-derived claims (name, consent_id...) belong in the ID token even when an access token is issued.
    conformIdTokenClaims: false,
    responseTypes: legacy ? ['code', 'id_token token'] : ['code'],
    pkce: { required: () => true },
    rotateRefreshToken: () => behaviour().rotateRefreshTokens,
    // Validators run for every authorization request, present or not: where PAR is required, the request must
    // come from a pushed one (a client registered with require_pushed_authorization_requests is refused natively).
    extraParams: {
      request_uri(koa) {
        if (behaviour().par === 'required' && koa.oidc.route === 'authorization' && !koa.oidc.entities.PushedAuthorizationRequest) {
          throw new errors.InvalidRequest('Pushed Authorization Request must be used');
        }
      },
      redirect_uri: requireLoopbackPort,
    },
    interactions: { url: (_ctx, interaction) => `/${bankId}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: ctx.options.accessTokenTtl,
      AuthorizationCode: 60,
      ClientCredentials: ctx.options.accessTokenTtl,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 86400,
      Grant: 90 * 86400,
      RefreshToken: 90 * 86400,
    },
    // `software_id` (RFC 7591) is the hook that sees (and may change) the whole metadata: a bank that registers
    // every app as confidential does so here, before oidc-provider checks that the client has a secret; only
    // confidential clients may use grants without a user redirect (client credentials, password). A registration
    // or update may use plain http for loopback redirect URIs only (clients stored earlier are not re-checked).
    extraClientMetadata: {
      properties: ['software_id'],
      validator(koa, key, _value, metadata) {
        if (key !== 'software_id') return;
        const route = koa?.oidc.route;
        if (route === 'registration' || route === 'client_update') refuseInsecureRedirectUris(metadata.redirect_uris);
        if (route === 'registration' && behaviour().registerAs === 'confidential') {
          metadata.token_endpoint_auth_method = 'client_secret_basic';
          metadata.client_secret ??= randomBytes(48).toString('base64url');
          metadata.client_secret_expires_at = 0;
        }
        const confidentialOnly = (metadata.grant_types ?? []).filter((g) => g === 'client_credentials' || g === 'password');
        if (confidentialOnly.length && metadata.token_endpoint_auth_method === 'none') {
          throw new errors.InvalidClientMetadata(`${confidentialOnly.join(', ')} requires a confidential client`);
        }
      },
    },
    extraTokenClaims(_ctx, token) {
      const grantId = (token as { grantId?: string }).grantId;
      const consent = grantId ? ctx.consents.byGrant(grantId) : undefined;
      return consent ? { consent_id: consent.consentId } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationPolicy(behaviour) },
      registration: { enabled: true, issueRegistrationAccessToken: () => behaviour().registrationManagement },
      // RFC 7592; an update (PUT) rotates the registration access token (oidc-provider's default).
      registrationManagement: { enabled: true },
      dPoP: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (koa, form) => {
          koa.body = logoutView(bank.def, form);
        },
        postLogoutSuccessSource: async (koa) => {
          koa.body = logoutSuccessView(bank.def);
        },
      },
      // The API is the one resource: oneOf (resources a request named or was granted) can only list it.
      resourceIndicators: {
        enabled: true,
        defaultResource: (koa) => (forTheApi(koa) ? bank.apiBase : undefined),
        useGrantedResource: (koa) => forTheApi(koa),
        getResourceServerInfo(koa, indicator) {
          if (!behaviour().acceptResource && carriesResource(koa)) throw new errors.InvalidTarget('resource indicators are not supported');
          if (indicator !== bank.apiBase) throw new errors.InvalidTarget();
          return apiResourceServer(ctx, bank);
        },
      },
    },
    formats: {
      customizers: {
        // The resource server tells user tokens from app tokens by `sub`: client-credentials tokens carry none.
        jwt(_ctx, token, jwt) {
          if (token.kind === 'ClientCredentials') delete jwt.payload.sub;
        },
      },
    },
    async renderError(koa: KoaContextWithOIDC, out) {
      koa.type = 'html';
      koa.body = errorView(bank.def, { error: out.error, error_description: out.error_description });
    },
  };
  const provider = new Provider(bank.issuer, config);
  // RFC 6749 §5.2 names this case unauthorized_client; oidc-provider answers invalid_request.
  provider.use(async (koa, next) => {
    await next();
    const body = koa.body as { error?: string; error_description?: string } | undefined;
    if (body?.error === 'invalid_request' && body.error_description === 'requested grant type is not allowed for this client') {
      body.error = 'unauthorized_client';
    }
  });
  playBehaviour(provider, behaviour);
  advertiseApiScopes(provider, API_SCOPE_NAMES);
  reportGrantedScope(provider, bank.apiBase);
  renderErrorsOfUnknownPorts(provider);
  provider.on('server_error', (_koa, err) => {
    if (!ctx.options.quiet) console.error(`[${bankId}] oidc-provider error:`, err);
  });
  return provider;
}
