/**
 * The banks MyBucks knows, as data (ProviderRecord rows): by default the mock bank's banks, plus any
 * the user adds by issuer URL. Adding one runs discovery and, when no client ID is given and the bank
 * offers dynamic client registration (RFC 7591), registers MyBucks there as a public native client.
 */
import * as oidc from 'openid-client';
import { BANKS, MYBUCKS_CLIENT } from '../../../../mock-bank/src/banks';
import type { ProviderDTO } from '../../../shared/dto';
import type { ProviderRecord, ProvidersRepo } from '../db/connections-repo';
import type { Logger } from '../ports';
import { AuthNotFoundError, BankUnavailableError } from '../auth/errors';
import type { IssuerConfigs } from '../auth/issuers';

export const DEFAULT_SCOPES = ['openid', 'profile', 'offline_access', 'accounts', 'balances', 'transactions'];
const OPTIONAL_OIDC_SCOPES = ['profile', 'offline_access'];
/** Where Open Banking AISP v4.0 lives under an issuer when the bank says nothing else (the mock bank's layout). */
export const AISP_PATH = '/open-banking/v4.0/aisp';

export const APP_REGISTRATION = {
  clientName: MYBUCKS_CLIENT.name,
  clientUri: MYBUCKS_CLIENT.website,
  redirectUri: (providerId: string) => `http://127.0.0.1/cb/${providerId}`,
};

const PALETTE = ['#b3541e', '#2f6f3e', '#3b5ba9', '#8c2f6d', '#6b6b1f', '#1f6b73'];

/** The mock bank's banks as providers, given the origin the mock bank listens on. */
export function mockBankProviders(origin: string): ProviderRecord[] {
  return BANKS.map((bank) => {
    const issuer = `${origin.replace(/\/$/, '')}/${bank.id}`;
    return {
      id: bank.id,
      name: bank.name,
      issuer,
      clientId: MYBUCKS_CLIENT.clientId,
      scopes: DEFAULT_SCOPES,
      apiBase: `${issuer}${AISP_PATH}`,
      color: bank.color,
      logoText: bank.logoText,
      tagline: bank.tagline,
      custom: false,
    };
  });
}

/** What the renderer may see of a provider (no client ID, no API base). */
export function toProviderDTO(p: ProviderRecord): ProviderDTO {
  return { id: p.id, name: p.name, issuer: p.issuer, color: p.color, logoText: p.logoText, tagline: p.tagline, scopes: p.scopes, custom: p.custom };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'bank';
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[a-z0-9]/i.test(w));
  return (words.length > 1 ? words[0][0] + words[1][0] : name.slice(0, 2)).toUpperCase();
}

export interface AddProviderOptions {
  displayName?: string;
  clientId?: string;
  /** Open Banking API base (default `<issuer>/open-banking/v4.0/aisp`). */
  apiBase?: string;
  /** Initial access token, for banks whose registration endpoint demands one. */
  initialAccessToken?: string;
}

export class ProviderRegistry {
  constructor(
    private readonly providers: ProvidersRepo,
    private readonly issuers: IssuerConfigs,
    private readonly logger: Logger,
  ) {}

  /** Makes sure the default banks exist (updating their issuer if the mock bank moved port). */
  seedDefaults(defaults: ProviderRecord[]): void {
    for (const p of defaults) this.providers.upsert(p);
  }

  list(): ProviderRecord[] {
    return this.providers.list();
  }

  get(id: string): ProviderRecord {
    const provider = this.providers.get(id);
    if (!provider) throw new AuthNotFoundError(`Unknown bank "${id}"`);
    return provider;
  }

  /** The openid-client configuration (discovered once, then cached) for a provider. */
  config(providerOrId: ProviderRecord | string): Promise<oidc.Configuration> {
    const provider = typeof providerOrId === 'string' ? this.get(providerOrId) : providerOrId;
    return this.issuers.get(provider.issuer, provider.clientId).catch((err: unknown) => {
      throw new BankUnavailableError(`Could not reach ${provider.name}: ${(err as Error).message}`, { cause: err });
    });
  }

  async addByIssuer(issuerInput: string, options: AddProviderOptions = {}): Promise<ProviderRecord> {
    const issuer = new URL(issuerInput).href.replace(/\/$/, '');
    const existing = this.providers.list().find((p) => p.issuer === issuer);
    if (existing && !options.clientId) return existing;

    const name = options.displayName ?? new URL(issuer).host;
    const id = existing?.id ?? this.uniqueId(slug(options.displayName ?? new URL(issuer).host + new URL(issuer).pathname));
    let config: oidc.Configuration;
    try {
      config = await this.issuers.get(issuer, options.clientId ?? MYBUCKS_CLIENT.clientId);
    } catch (err) {
      this.logger.warn('discovery failed', { issuer, err });
      throw new BankUnavailableError(`Could not find an OpenID provider at ${issuer}: ${(err as Error).message}`, { cause: err });
    }
    const metadata = config.serverMetadata();

    let clientId = options.clientId;
    if (!clientId) {
      if (!metadata.registration_endpoint) {
        throw new BankUnavailableError(`${name} does not offer dynamic registration; register MyBucks in its developer portal and enter the client ID`);
      }
      clientId = await this.register(issuer, id, options.initialAccessToken);
    }

    const offered = metadata.scopes_supported;
    const provider: ProviderRecord = {
      id,
      name,
      issuer,
      clientId,
      // API scopes belong to the resource server and are often not listed; optional OIDC ones must be.
      scopes: DEFAULT_SCOPES.filter((s) => !offered || !OPTIONAL_OIDC_SCOPES.includes(s) || offered.includes(s)),
      apiBase: options.apiBase ?? `${issuer}${AISP_PATH}`,
      color: PALETTE[[...id].reduce((h, c) => h + c.charCodeAt(0), 0) % PALETTE.length],
      logoText: initials(name),
      tagline: null,
      custom: true,
    };
    this.providers.upsert(provider);
    this.logger.info('provider added', { id, issuer, registered: !options.clientId });
    return provider;
  }

  private async register(issuer: string, providerId: string, initialAccessToken?: string): Promise<string> {
    try {
      const config = await oidc.dynamicClientRegistration(
        new URL(issuer),
        {
          client_name: APP_REGISTRATION.clientName,
          client_uri: APP_REGISTRATION.clientUri,
          application_type: 'native',
          redirect_uris: [APP_REGISTRATION.redirectUri(providerId)],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        },
        oidc.None(),
        { ...this.issuers.requestOptions(issuer), initialAccessToken },
      );
      const clientId = config.clientMetadata().client_id;
      this.issuers.add(issuer, clientId, config);
      return clientId;
    } catch (err) {
      this.logger.warn('dynamic client registration failed', { issuer, err });
      throw new BankUnavailableError(`The bank refused to register MyBucks: ${(err as Error).message}`, { cause: err });
    }
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.providers.get(id); n++) id = `${base}-${n}`;
    return id;
  }
}
