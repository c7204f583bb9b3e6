/**
 * MyBucks registering itself at a bank: RFC 7591 through openid-client, and the RFC 7592 client
 * configuration endpoint (update the redirect URIs, delete a client MyBucks will not use), which
 * openid-client does not cover. Liberal where the RFCs let servers differ: a registration answered with
 * 200 instead of 201 is accepted, and the metadata the server actually registered (RFC 7591 §3.2.1: it
 * may make the client confidential and issue a secret) is what MyBucks uses from then on.
 */
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { IssuerConfigs } from './issuers';

export const APP_REGISTRATION = {
  clientName: 'MyBucks',
  clientUri: 'https://mybucks.example.com',
};

const SUPPORTED_AUTH = ['none', 'client_secret_basic', 'client_secret_post'] as const;
type SupportedAuth = (typeof SUPPORTED_AUTH)[number];

export interface RegisteredClient {
  clientId: string;
  clientSecret: string | null;
  tokenEndpointAuthMethod: SupportedAuth;
  redirectUris: string[];
  grantTypes: string[];
  /** RFC 7592, when the bank offers it. */
  registrationClientUri: string | null;
  registrationAccessToken: string | null;
}

/** The bank registered the client, but in a way MyBucks cannot use (message for the user). */
export class UnusableRegistrationError extends Error {
  override readonly name = 'UnusableRegistrationError';
}

const registeredSchema = z.looseObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  token_endpoint_auth_method: z.string().default('client_secret_basic'),
  redirect_uris: z.array(z.string()).optional(),
  grant_types: z.array(z.string()).default(['authorization_code']),
  registration_client_uri: z.string().url().optional(),
  registration_access_token: z.string().min(1).optional(),
});

function toRegistered(metadata: unknown, requestedRedirectUris: string[]): RegisteredClient {
  const m = registeredSchema.parse(metadata);
  const management = m.registration_client_uri && m.registration_access_token;
  return {
    clientId: m.client_id,
    clientSecret: m.client_secret ?? null,
    tokenEndpointAuthMethod: m.token_endpoint_auth_method as SupportedAuth,
    redirectUris: m.redirect_uris ?? requestedRedirectUris,
    grantTypes: m.grant_types,
    registrationClientUri: management ? m.registration_client_uri! : null,
    registrationAccessToken: management ? m.registration_access_token! : null,
  };
}

/** Why a registered client cannot be used, or null when it can. */
export function unusableBecause(client: RegisteredClient, bankName: string): string | null {
  if (!(SUPPORTED_AUTH as readonly string[]).includes(client.tokenEndpointAuthMethod)) {
    return `${bankName} registered MyBucks for "${client.tokenEndpointAuthMethod}" client authentication, which a desktop app cannot do. Ask ${bankName} for a client ID for a native app and enter it under Advanced.`;
  }
  if (client.tokenEndpointAuthMethod !== 'none' && !client.clientSecret) {
    return `${bankName} registered MyBucks as a confidential client but sent no client secret. Ask ${bankName} for a client ID (and secret) and enter them under Advanced.`;
  }
  if (!client.grantTypes.includes('authorization_code')) {
    return `${bankName} registered MyBucks without the authorization-code grant, so you could not sign in through it.`;
  }
  return null;
}

export async function registerClient(
  issuers: IssuerConfigs,
  issuer: string,
  redirectUris: string[],
  initialAccessToken?: string,
): Promise<RegisteredClient> {
  const options = issuers.requestOptions(issuer);
  const baseFetch = options[oidc.customFetch] as oidc.CustomFetch;
  // RFC 7591 §3.2.1 says 201; servers that answer 200 with a valid client are common and just as good.
  const tolerant: oidc.CustomFetch = async (url, init) => {
    const res = await baseFetch(url, init);
    if (init.method === 'POST' && res.status === 200) return new Response(res.body, { status: 201, headers: res.headers });
    return res;
  };
  const config = await oidc.dynamicClientRegistration(
    new URL(issuer),
    {
      client_name: APP_REGISTRATION.clientName,
      client_uri: APP_REGISTRATION.clientUri,
      application_type: 'native',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    oidc.None(),
    { ...options, [oidc.customFetch]: tolerant, initialAccessToken },
  );
  return toRegistered(config.clientMetadata(), redirectUris);
}

/** The metadata a RFC 7592 update must repeat (everything but the server-managed fields). */
function updateBody(client: RegisteredClient, redirectUris: string[]) {
  return {
    client_id: client.clientId,
    ...(client.clientSecret && { client_secret: client.clientSecret }),
    client_name: APP_REGISTRATION.clientName,
    client_uri: APP_REGISTRATION.clientUri,
    application_type: 'native',
    redirect_uris: redirectUris,
    grant_types: client.grantTypes,
    response_types: ['code'],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
  };
}

export class RegistrationManagementError extends Error {
  override readonly name = 'RegistrationManagementError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

async function management(issuers: IssuerConfigs, issuer: string, client: RegisteredClient, init: RequestInit): Promise<Response> {
  if (!client.registrationClientUri || !client.registrationAccessToken) {
    throw new RegistrationManagementError('the bank offers no client configuration endpoint (RFC 7592)', null);
  }
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${client.registrationAccessToken}`);
  headers.set('accept', 'application/json');
  let res: Response;
  try {
    res = await issuers.fetch(issuer, client.registrationClientUri, { ...init, headers });
  } catch (err) {
    throw new RegistrationManagementError(`the bank could not be reached (${(err as Error).message})`, null);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let detail = '';
    try {
      const body = JSON.parse(text) as { error?: string; error_description?: string };
      detail = body.error_description ?? body.error ?? '';
    } catch {
      // empty or non-JSON error bodies are allowed
    }
    throw new RegistrationManagementError(`HTTP ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
  }
  return res;
}

/** RFC 7592 §2.2: replaces the client's redirect URIs; returns the client as the bank now has it. */
export async function updateRedirectUris(
  issuers: IssuerConfigs,
  issuer: string,
  client: RegisteredClient,
  redirectUris: string[],
): Promise<RegisteredClient> {
  const res = await management(issuers, issuer, client, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(updateBody(client, redirectUris)),
  });
  const updated = toRegistered(await res.json(), redirectUris);
  // The bank may rotate the registration access token, or leave it out when it keeps the old one.
  return {
    ...updated,
    clientSecret: updated.clientSecret ?? client.clientSecret,
    registrationClientUri: updated.registrationClientUri ?? client.registrationClientUri,
    registrationAccessToken: updated.registrationAccessToken ?? client.registrationAccessToken,
  };
}

/** RFC 7592 §2.3: deletes the client at the bank. */
export async function deleteClient(issuers: IssuerConfigs, issuer: string, client: RegisteredClient): Promise<void> {
  const res = await management(issuers, issuer, client, { method: 'DELETE' });
  await res.body?.cancel();
}
