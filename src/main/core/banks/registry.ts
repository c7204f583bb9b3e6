/**
 * The banks MyBucks knows, as data (ProviderRecord rows): the entries of a provider catalog, plus any the
 * user adds by issuer URL. Adding one runs discovery and, when no client ID is given and the bank offers
 * dynamic client registration (RFC 7591), registers MyBucks there as a native client, then works out how
 * the browser can come back (any-port loopback, the exact URI per link through RFC 7592, or a fixed set of
 * registered ports) by asking the bank. What it learns is kept in the provider's profile.
 */
import * as oidc from 'openid-client';
import type { ProviderCheckDTO, ProviderDTO } from '../../../shared/dto';
import type { ProviderRecord, ProvidersRepo } from '../db/connections-repo';
import type { Logger } from '../ports';
import { AuthNotFoundError, BankUnavailableError } from '../auth/errors';
import type { ClientCredentials, IssuerConfigs } from '../auth/issuers';
import {
  deleteClient,
  registerClient,
  unusableBecause,
  updateRedirectUris,
  type RegisteredClient,
} from '../auth/client-registration';
import { redirectUriAccepted } from '../auth/redirect-probe';
import type { TokenVault } from '../auth/vault';
import { describeError } from '../auth/describe';
import { FIXED_LOOPBACK_PORTS, defaultProfile, describeRedirect, type ProviderProfile, type RedirectStrategy } from './profile';

export const DEFAULT_SCOPES = ['openid', 'profile', 'offline_access', 'accounts', 'balances', 'transactions'];
const OPTIONAL_OIDC_SCOPES = ['profile', 'offline_access'];
/** Where Open Banking AISP v4.0 lives under an issuer when the bank says nothing else. */
export const AISP_PATH = '/open-banking/v4.0/aisp';

export const callbackPathOf = (providerId: string) => `/cb/${encodeURIComponent(providerId)}`;
const loopbackUri = (providerId: string, port?: number) => `http://127.0.0.1${port ? `:${port}` : ''}${callbackPathOf(providerId)}`;

const PALETTE = ['#b3541e', '#2f6f3e', '#3b5ba9', '#8c2f6d', '#6b6b1f', '#1f6b73'];

/** What the renderer may see of a provider (no client ID, no secrets). */
export function toProviderDTO(p: ProviderRecord): ProviderDTO {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    color: p.color,
    logoText: p.logoText,
    tagline: p.tagline,
    scopes: p.scopes,
    custom: p.custom,
    apiBase: p.apiBase,
    connectedAppsUrl: p.profile.connectedAppsUrl,
    redirectSummary: describeRedirect(p.profile.redirect),
    desktopOnly: p.profile.redirect.kind === 'private-use-scheme',
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'bank';
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[a-z0-9]/i.test(w));
  return (words.length > 1 ? words[0][0] + words[1][0] : name.slice(0, 2)).toUpperCase();
}

const normalIssuer = (input: string) => new URL(input).href.replace(/\/$/, '');

export interface AddProviderOptions {
  displayName?: string;
  clientId?: string;
  /** For banks that issue a secret to native apps (kept in the vault). */
  clientSecret?: string;
  /** Open Banking API base (default `<issuer>/open-banking/v4.0/aisp`). */
  apiBase?: string;
  /** Initial access token, for banks whose registration endpoint demands one. */
  initialAccessToken?: string;
}

export class ProviderRegistry {
  constructor(
    private readonly providers: ProvidersRepo,
    private readonly issuers: IssuerConfigs,
    private readonly vault: TokenVault,
    private readonly logger: Logger,
  ) {}

  /**
   * Makes sure a catalog's banks exist (following the catalog when it changes, e.g. the mock bank moved
   * port), keeping what MyBucks learned about each (the `iss` pin, a client it registered itself).
   */
  seedCatalog(entries: ProviderRecord[]): void {
    for (const entry of entries) {
      const known = this.providers.get(entry.id);
      const registered = !entry.clientId && known?.clientId && known.issuer === entry.issuer;
      this.providers.upsert({
        ...entry,
        clientId: registered ? known.clientId : entry.clientId,
        profile: {
          ...entry.profile,
          ...(registered && {
            redirect: known.profile.redirect,
            tokenEndpointAuthMethod: known.profile.tokenEndpointAuthMethod,
            registrationClientUri: known.profile.registrationClientUri,
          }),
          issPinned: entry.profile.issPinned || (known?.issuer === entry.issuer && known.profile.issPinned),
        },
      });
    }
  }

  list(): ProviderRecord[] {
    return this.providers.list();
  }

  get(id: string): ProviderRecord {
    const provider = this.providers.get(id);
    if (!provider) throw new AuthNotFoundError(`Unknown bank "${id}"`);
    return provider;
  }

  /** Records what a link showed about the bank (e.g. it sends `iss`, or refuses a parameter). */
  learn(id: string, patch: Partial<ProviderProfile>): ProviderRecord {
    const provider = this.get(id);
    const updated = { ...provider, profile: { ...provider.profile, ...patch } };
    this.providers.upsert(updated);
    this.logger.info('learned about a bank', { providerId: id, ...patch });
    return updated;
  }

  update(id: string, patch: { displayName?: string; apiBase?: string }): ProviderRecord {
    const provider = this.get(id);
    const updated = {
      ...provider,
      name: patch.displayName ?? provider.name,
      logoText: patch.displayName ? initials(patch.displayName) : provider.logoText,
      apiBase: patch.apiBase ? patch.apiBase.replace(/\/+$/, '') : provider.apiBase,
    };
    this.providers.upsert(updated);
    return updated;
  }

  /** The openid-client configuration (discovered once, then cached) for a provider, with its client authentication. */
  async config(providerOrId: ProviderRecord | string): Promise<oidc.Configuration> {
    let provider = typeof providerOrId === 'string' ? this.get(providerOrId) : providerOrId;
    if (!provider.clientId) {
      await this.registerCatalogEntry(provider);
      provider = this.get(provider.id);
    }
    const credentials = await this.credentials(provider);
    return this.issuers.get(provider.issuer, credentials).catch((err: unknown) => {
      throw new BankUnavailableError(
        `Could not reach ${provider.name} at ${provider.issuer} (${describeError(err)}). Check your internet connection and try again.`,
        { cause: err },
      );
    });
  }

  /** What an issuer offers, before the user adds it. */
  async check(issuerInput: string): Promise<ProviderCheckDTO> {
    const issuer = normalIssuer(issuerInput);
    const m = (await this.discover(issuer, 'mybucks-check')).serverMetadata();
    const apiBase = `${issuer}${AISP_PATH}`;
    const problems: string[] = [];
    const pkce = m.code_challenge_methods_supported;
    if (pkce && !pkce.includes('S256')) problems.push('The bank does not offer PKCE with S256, which MyBucks requires to keep the sign-in code safe.');
    if (!pkce) problems.push('The bank does not say whether it supports PKCE; MyBucks will use it anyway.');
    if (m.response_types_supported && !m.response_types_supported.includes('code')) {
      problems.push('The bank does not offer the authorization-code flow, the only one MyBucks uses.');
    }
    if (!m.registration_endpoint) problems.push('MyBucks cannot register itself with this bank: enter the client ID the bank gave you.');
    const api = await this.probeApi(issuer, apiBase);
    if (api) problems.push(api);
    return {
      issuer: m.issuer,
      suggestedName: new URL(issuer).host,
      existingProviderId: this.providers.list().find((p) => p.issuer === issuer)?.id ?? null,
      apiBase,
      supports: {
        pkceS256: Boolean(pkce?.includes('S256')),
        par: m.require_pushed_authorization_requests ? 'required' : m.pushed_authorization_request_endpoint ? 'offered' : 'no',
        dpop: Boolean(m.dpop_signing_alg_values_supported?.includes('ES256')),
        iss: m.authorization_response_iss_parameter_supported === true,
        registration: Boolean(m.registration_endpoint),
        revocation: Boolean(m.revocation_endpoint),
      },
      problems,
    };
  }

  async addByIssuer(issuerInput: string, options: AddProviderOptions = {}): Promise<ProviderRecord> {
    const issuer = normalIssuer(issuerInput);
    const existing = this.providers.list().find((p) => p.issuer === issuer);
    if (existing && !options.clientId) {
      return options.apiBase || options.displayName ? this.update(existing.id, options) : existing;
    }
    const name = options.displayName ?? existing?.name ?? new URL(issuer).host;
    const id = existing?.id ?? this.uniqueId(slug(options.displayName ?? new URL(issuer).host + new URL(issuer).pathname));
    const metadata = (await this.discover(issuer, options.clientId ?? 'mybucks-check')).serverMetadata();
    const offered = metadata.scopes_supported;
    const base: ProviderRecord = {
      id,
      name,
      issuer,
      clientId: '',
      // API scopes belong to the resource server and are often not listed; optional OIDC ones must be.
      scopes: DEFAULT_SCOPES.filter((s) => !offered || !OPTIONAL_OIDC_SCOPES.includes(s) || offered.includes(s)),
      apiBase: (options.apiBase ?? `${issuer}${AISP_PATH}`).replace(/\/+$/, ''),
      color: PALETTE[[...id].reduce((h, c) => h + c.charCodeAt(0), 0) % PALETTE.length],
      logoText: initials(name),
      tagline: null,
      custom: true,
      profile: { ...defaultProfile(), issPinned: metadata.authorization_response_iss_parameter_supported === true },
    };
    const provider = options.clientId
      ? await this.withGivenClient(base, options.clientId, options.clientSecret ?? null, metadata)
      : await this.withRegisteredClient(base, metadata, options.initialAccessToken);
    this.logger.info('provider added', { id, issuer, registered: !options.clientId, redirect: provider.profile.redirect.kind });
    return provider;
  }

  /** Removes a bank the user added (no connection may use it), deleting the client MyBucks registered there. */
  async remove(id: string): Promise<void> {
    const provider = this.get(id);
    if (!provider.custom) throw new AuthNotFoundError(`${provider.name} comes with MyBucks and cannot be removed.`);
    if (!this.providers.remove(id)) {
      throw new BankUnavailableError(`${provider.name} still has a connection (or kept data) in MyBucks. Disconnect it and delete its data first.`, {
        retryable: false,
      });
    }
    const client = await this.registeredClient(provider).catch(() => null);
    if (client?.registrationClientUri) {
      await deleteClient(this.issuers, provider.issuer, client).catch((err: unknown) =>
        this.logger.warn('could not delete the client at the bank', { providerId: id, err }),
      );
    }
    this.vault.wipeClient(id);
    this.issuers.forget(provider.issuer);
  }

  /** For banks that match the redirect URI exactly: registers this link's URI with the bank (RFC 7592). */
  async registerExactRedirect(provider: ProviderRecord, redirectUri: string): Promise<void> {
    const client = await this.registeredClient(provider);
    try {
      const updated = await updateRedirectUris(this.issuers, provider.issuer, client, [redirectUri]);
      await this.vault.saveClient(provider.id, { clientSecret: updated.clientSecret, registrationAccessToken: updated.registrationAccessToken });
    } catch (err) {
      this.logger.warn('could not register the redirect URI at the bank', { providerId: provider.id, err });
      throw new BankUnavailableError(
        `${provider.name} did not let MyBucks register this sign-in's return address (${(err as Error).message}). Try again; if it keeps failing, remove the bank and add it again.`,
        { cause: err },
      );
    }
  }

  private async discover(issuer: string, clientId: string): Promise<oidc.Configuration> {
    try {
      return await this.issuers.get(issuer, { clientId, method: 'none', secret: null });
    } catch (err) {
      this.logger.warn('discovery failed', { issuer, err });
      throw new BankUnavailableError(
        `Could not find an OpenID provider at ${issuer} (${describeError(err)}). Check the address: it is the bank's issuer URL, whose /.well-known/openid-configuration describes it.`,
        { cause: err, retryable: false },
      );
    }
  }

  /** An unauthenticated request to the API base: any answer but 404 means an API lives there. */
  private async probeApi(issuer: string, apiBase: string): Promise<string | null> {
    try {
      const res = await this.issuers.fetch(issuer, `${apiBase}/accounts`);
      await res.body?.cancel();
      if (res.status === 404) return `No Open Banking API answered at ${apiBase} (HTTP 404). Enter the API base your bank gives for account data.`;
      return null;
    } catch (err) {
      return `The Open Banking API at ${apiBase} did not answer (${describeError(err)}). Enter the API base your bank gives for account data.`;
    }
  }

  private async credentials(provider: ProviderRecord): Promise<ClientCredentials> {
    const method = provider.profile.tokenEndpointAuthMethod;
    if (method === 'none') return { clientId: provider.clientId, method, secret: null };
    const secrets = await this.vault.loadClient(provider.id);
    if (!secrets?.clientSecret) {
      throw new BankUnavailableError(`MyBucks no longer has its client secret for ${provider.name}. Remove the bank and add it again.`, {
        retryable: false,
      });
    }
    return { clientId: provider.clientId, method, secret: secrets.clientSecret };
  }

  private async registeredClient(provider: ProviderRecord): Promise<RegisteredClient> {
    const secrets = await this.vault.loadClient(provider.id);
    return {
      clientId: provider.clientId,
      clientSecret: secrets?.clientSecret ?? null,
      tokenEndpointAuthMethod: provider.profile.tokenEndpointAuthMethod,
      redirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      registrationClientUri: provider.profile.registrationClientUri,
      registrationAccessToken: secrets?.registrationAccessToken ?? null,
    };
  }

  private async withGivenClient(
    base: ProviderRecord,
    clientId: string,
    clientSecret: string | null,
    metadata: oidc.ServerMetadata,
  ): Promise<ProviderRecord> {
    const methods = metadata.token_endpoint_auth_methods_supported;
    const method = !clientSecret ? 'none' : !methods || methods.includes('client_secret_basic') ? 'client_secret_basic' : 'client_secret_post';
    const provider = { ...base, clientId, profile: { ...base.profile, tokenEndpointAuthMethod: method } } satisfies ProviderRecord;
    if (clientSecret) await this.vault.saveClient(base.id, { clientSecret, registrationAccessToken: null });
    this.issuers.forget(base.issuer);
    try {
      const redirect = await this.chooseRedirect(provider, null);
      if (!redirect) {
        throw new BankUnavailableError(
          `${base.name} did not accept MyBucks' return address for client "${clientId}". Ask ${base.name} to register ${loopbackUri(base.id)} (any port) or ${loopbackUri(base.id, FIXED_LOOPBACK_PORTS[0])} for it, then add the bank again.`,
          { retryable: false },
        );
      }
      const added = { ...provider, profile: { ...provider.profile, redirect } };
      this.providers.upsert(added);
      return added;
    } catch (err) {
      if (clientSecret) this.vault.wipeClient(base.id);
      throw err;
    }
  }

  private async withRegisteredClient(base: ProviderRecord, metadata: oidc.ServerMetadata, initialAccessToken?: string): Promise<ProviderRecord> {
    if (!metadata.registration_endpoint) {
      throw new BankUnavailableError(
        `${base.name} does not let apps register themselves. Register MyBucks in ${base.name}'s developer portal (redirect URI ${loopbackUri(base.id)}) and enter the client ID under Advanced.`,
        { retryable: false },
      );
    }
    const redirectUris = [loopbackUri(base.id), ...FIXED_LOOPBACK_PORTS.map((p) => loopbackUri(base.id, p))];
    let client: RegisteredClient;
    try {
      client = await registerClient(this.issuers, base.issuer, redirectUris, initialAccessToken);
    } catch (err) {
      this.logger.warn('dynamic client registration failed', { issuer: base.issuer, err });
      throw new BankUnavailableError(`${base.name} refused to register MyBucks (${describeError(err)}).`, { cause: err, retryable: false });
    }
    const discard = async () => {
      if (client.registrationClientUri) {
        await deleteClient(this.issuers, base.issuer, client).catch((err: unknown) =>
          this.logger.warn('could not delete an unusable client at the bank', { issuer: base.issuer, err }),
        );
      }
      this.vault.wipeClient(base.id);
      this.issuers.forget(base.issuer);
    };
    try {
      const unusable = unusableBecause(client, base.name);
      if (unusable) throw new BankUnavailableError(unusable, { retryable: false });
      await this.vault.saveClient(base.id, { clientSecret: client.clientSecret, registrationAccessToken: client.registrationAccessToken });
      const provider: ProviderRecord = {
        ...base,
        clientId: client.clientId,
        profile: {
          ...base.profile,
          tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
          registrationClientUri: client.registrationClientUri,
        },
      };
      this.issuers.forget(base.issuer);
      const redirect = await this.chooseRedirect(provider, client);
      if (!redirect) {
        throw new BankUnavailableError(
          `${base.name} registered MyBucks but then refused every return address MyBucks registered. Ask ${base.name} to register a native client for you and enter its client ID under Advanced.`,
          { retryable: false },
        );
      }
      const added = { ...provider, profile: { ...provider.profile, redirect } };
      this.providers.upsert(added);
      return added;
    } catch (err) {
      await discard();
      throw err;
    }
  }

  /** Registers a catalog entry that says "register dynamically", the first time it is needed. */
  private async registerCatalogEntry(entry: ProviderRecord): Promise<void> {
    const metadata = (await this.discover(entry.issuer, 'mybucks-check')).serverMetadata();
    await this.withRegisteredClient({ ...entry, custom: false }, metadata);
  }

  /**
   * Any port when the bank takes one it was never told about; else the exact URI per link when the bank
   * lets MyBucks update its client (RFC 7592); else the fixed ports when the bank takes those.
   */
  private async chooseRedirect(provider: ProviderRecord, client: RegisteredClient | null): Promise<RedirectStrategy | null> {
    const config = await this.config(provider);
    const randomPort = 49152 + Math.floor(Math.random() * 10_000);
    const accepts = (uri: string) => redirectUriAccepted(this.issuers, provider.issuer, config, uri);
    if (await accepts(loopbackUri(provider.id, randomPort))) return { kind: 'any-port' };
    if (client?.registrationClientUri) return { kind: 'exact-per-link' };
    if (await accepts(loopbackUri(provider.id, FIXED_LOOPBACK_PORTS[0]))) return { kind: 'fixed-ports', ports: FIXED_LOOPBACK_PORTS };
    return null;
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.providers.get(id); n++) id = `${base}-${n}`;
    return id;
  }
}
