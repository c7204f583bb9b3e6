/**
 * The parts of a bank's behaviour profile played around oidc-provider's routes: koa middleware on the provider
 * and its redirect-URI check. The rest are configuration hooks in provider.ts. Each request reads the current
 * behaviour, so a profile switched at runtime applies to the next request.
 */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { BankBehaviour } from '../behaviour';

/** Routes whose error responses lose their body under `errorBodies: 'empty'`. */
const EMPTY_ERROR_ROUTES = new Set(['token', 'revocation', 'pushed_authorization_request', 'registration', 'client', 'client_update', 'client_delete']);
/** Routes that send the browser back to the app with an authorization response. */
const AUTHORIZATION_RESPONSE_ROUTES = new Set(['authorization', 'resume']);

function withoutIss(location: string): string {
  if (!URL.canParse(location)) return location;
  const url = new URL(location);
  url.searchParams.delete('iss');
  const fragment = new URLSearchParams(url.hash.slice(1));
  if (fragment.has('iss')) {
    fragment.delete('iss');
    url.hash = fragment.toString();
  }
  return url.href;
}

function tuneDiscovery(metadata: Record<string, unknown>, behaviour: BankBehaviour): void {
  if (!behaviour.issInResponses) delete metadata.authorization_response_iss_parameter_supported;
  if (!behaviour.dpop) delete metadata.dpop_signing_alg_values_supported;
  if (behaviour.par === 'off') {
    delete metadata.pushed_authorization_request_endpoint;
    delete metadata.require_pushed_authorization_requests;
  }
  if (behaviour.par === 'required') metadata.require_pushed_authorization_requests = true;
}

export function playBehaviour(provider: Provider, behaviourOf: () => BankBehaviour): void {
  const parPath = provider.pathFor('pushed_authorization_request', { mountPath: '' });
  const clientConfigurationPrefix = `${provider.pathFor('registration', { mountPath: '' })}/`;

  // Exact matching drops oidc-provider's one leniency: any port on a native client's loopback redirect.
  const anyLoopbackPort = provider.Client.prototype.redirectUriAllowed;
  provider.Client.prototype.redirectUriAllowed = function (this: InstanceType<Provider['Client']>, uri: string) {
    return behaviourOf().loopbackPorts === 'exact' ? (this.redirectUris ?? []).includes(uri) : anyLoopbackPort.call(this, uri);
  };

  provider.use(async (koa, next) => {
    const behaviour = behaviourOf();
    const missing =
      (behaviour.par === 'off' && koa.path === parPath) ||
      (!behaviour.registrationManagement && koa.path.startsWith(clientConfigurationPrefix));
    if (missing) return; // koa answers 404
    if (!behaviour.dpop) delete koa.req.headers.dpop;

    await next();

    const route = (koa as Partial<KoaContextWithOIDC>).oidc?.route;
    if (route === 'discovery' && koa.status === 200) tuneDiscovery(koa.body as Record<string, unknown>, behaviour);
    if (route === 'registration' && koa.status === 201) koa.status = behaviour.registrationStatus;
    if (!behaviour.issInResponses && route && AUTHORIZATION_RESPONSE_ROUTES.has(route)) {
      const location = koa.response.get('location');
      if (location) koa.set('location', withoutIss(location));
      if (typeof koa.body === 'string') koa.body = koa.body.replace(/<input type="hidden" name="iss" value="[^"]*"\/>/, '');
    }
    if (behaviour.errorBodies === 'empty' && route && EMPTY_ERROR_ROUTES.has(route) && koa.status >= 400) {
      koa.remove('content-type');
      koa.body = '';
    }
  });
}
