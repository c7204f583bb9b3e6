/**
 * Linking a bank (RFC 8252 native app flow, RFC 9700, RFC 9207): per link a fresh PKCE S256 verifier,
 * `state` and `nonce`, the expected issuer kept with them; PAR when the bank offers it; a DPoP key pair
 * per connection when the bank supports DPoP; a one-shot loopback listener; the system browser opened
 * through the UrlOpener port. openid-client's `authorizationCodeGrant` checks `state`, `iss`, PKCE,
 * `nonce` and the ID token. Only a fully successful link stores anything: secrets first (vault), then
 * the connection — new, or the same one restored when re-authorizing or when this person is already
 * linked at this bank.
 */
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { AppEvent } from '../../../shared/contract';
import type { LinkStartedDTO } from '../../../shared/dto';
import type { ConnectionRecord, ConnectionsRepo, ProviderRecord } from '../db/connections-repo';
import type { ProviderRegistry } from '../banks/registry';
import { systemClock, type Clock, type Logger, type UrlOpener } from '../ports';
import { createDPoPKey, type DPoPKey } from './dpop';
import { AuthNotFoundError, BankUnavailableError } from './errors';
import { openLoopbackListener, type CallbackPage, type LoopbackListener } from './loopback';
import type { TokenManager } from './tokens';
import type { TokenVault } from './vault';

export type LinkFinishedEvent = Extract<AppEvent, { type: 'link-finished' }>;
export type LinkOutcome = Omit<LinkFinishedEvent, 'type'>;

export interface LinkStarted extends LinkStartedDTO {
  /** Settles with the outcome (never rejects); the same outcome is emitted as a `link-finished` event. */
  result: Promise<LinkOutcome>;
}

export interface LinkManagerOptions {
  registry: ProviderRegistry;
  connections: ConnectionsRepo;
  vault: TokenVault;
  tokens: TokenManager;
  opener: UrlOpener;
  logger: Logger;
  onEvent?: (event: AppEvent) => void;
  /** How long a link waits for the browser to come back (default 5 minutes). */
  callbackTimeoutMs?: number;
  clock?: Clock;
}

interface PendingLink {
  linkId: string;
  provider: ProviderRecord;
  config: oidc.Configuration;
  expectedIssuer: string;
  state: string;
  nonce: string;
  verifier: string;
  dpop: DPoPKey | null;
  reauthorize: ConnectionRecord | null;
  listener: LoopbackListener | null;
  finish: (outcome: Omit<LinkOutcome, 'linkId'>) => void;
}

const RETURN = 'You can close this tab and return to MyBucks.';

/** The messages of an error and its causes (openid-client wraps oauth4webapi's precise message). */
function causes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err; e instanceof Error && out.length < 5; e = e.cause) out.push(e.message);
  return out;
}

/** What the user is told, for each way an authorization response can fail. */
function describeFailure(err: unknown, bankName: string): { outcome: 'denied' | 'failed'; message: string } {
  if (err instanceof oidc.AuthorizationResponseError) {
    if (err.error === 'access_denied') return { outcome: 'denied', message: `You did not allow MyBucks to access ${bankName}.` };
    return { outcome: 'failed', message: `${bankName} reported an error: ${err.error_description ?? err.error}.` };
  }
  if (err instanceof oidc.ResponseBodyError) {
    if (err.error === 'invalid_grant') {
      return { outcome: 'failed', message: `${bankName} rejected the sign-in code (already used, expired, or not issued to this sign-in).` };
    }
    return { outcome: 'failed', message: `${bankName} refused to issue tokens: ${err.error_description ?? err.error}.` };
  }
  const message = err instanceof Error ? err.message : String(err);
  const detail = causes(err).join(' / ');
  if (/"iss"/.test(detail)) {
    return {
      outcome: 'failed',
      message: `The sign-in response did not come from ${bankName} (issuer mismatch), so MyBucks ignored it for your safety.`,
    };
  }
  if (/nonce|ID Token|JWT/i.test(detail)) {
    return { outcome: 'failed', message: `${bankName}'s identity token could not be verified, so MyBucks did not link it.` };
  }
  return { outcome: 'failed', message: `Linking ${bankName} failed: ${message}` };
}

export class LinkManager {
  private readonly pending = new Map<string, PendingLink>();
  private readonly clock: Clock;

  constructor(private readonly options: LinkManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  async start(providerId: string, opts: { reauthorizeConnectionId?: string } = {}): Promise<LinkStarted> {
    const { registry, connections, vault, logger } = this.options;
    await vault.assertAvailable();
    const provider = registry.get(providerId);
    let reauthorize: ConnectionRecord | null = null;
    if (opts.reauthorizeConnectionId) {
      reauthorize = connections.get(opts.reauthorizeConnectionId) ?? null;
      if (!reauthorize || reauthorize.providerId !== providerId) {
        throw new AuthNotFoundError(`No connection ${opts.reauthorizeConnectionId} at ${provider.name}`);
      }
    }
    const config = await registry.config(provider);
    const metadata = config.serverMetadata();
    const dpop = metadata.dpop_signing_alg_values_supported?.includes('ES256') ? await createDPoPKey() : null;

    const linkId = randomUUID();
    let finish: PendingLink['finish'] = () => {};
    const result = new Promise<LinkOutcome>((resolve) => {
      finish = (outcome) => {
        if (!this.pending.delete(linkId)) return;
        const full = { linkId, ...outcome };
        logger.info('link finished', { linkId, providerId, outcome: full.outcome, connectionId: full.connectionId });
        this.options.onEvent?.({ type: 'link-finished', ...full });
        if (full.outcome === 'linked') this.options.onEvent?.({ type: 'connections-changed' });
        resolve(full);
      };
    });
    const link: PendingLink = {
      linkId,
      provider,
      config,
      expectedIssuer: metadata.issuer,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      dpop,
      reauthorize,
      listener: null,
      finish,
    };
    this.pending.set(linkId, link);

    try {
      link.listener = await openLoopbackListener({
        providerId,
        expectedState: link.state,
        timeoutMs: this.options.callbackTimeoutMs ?? 5 * 60_000,
        onCallback: (url) => this.complete(link, url),
        logger,
      });
      void link.listener.done.then((end) => {
        if (end === 'timeout') link.finish({ outcome: 'timed_out', connectionId: null, error: 'The bank sign-in was not completed in time.' });
        if (end === 'cancelled') link.finish({ outcome: 'cancelled', connectionId: null, error: null });
      });
      const authorizationUrl = await this.authorizationUrl(link, link.listener.redirectUri).catch((err: unknown) => {
        throw new BankUnavailableError(`${provider.name} did not accept the sign-in request: ${(err as Error).message}`, { cause: err });
      });
      logger.info('link started', { linkId, providerId, par: Boolean(metadata.pushed_authorization_request_endpoint), dpop: Boolean(dpop) });
      await this.options.opener.open(authorizationUrl).catch((err: unknown) => {
        logger.warn('could not open the browser; the user can copy the address', { linkId, err });
      });
      return { linkId, providerId, authorizationUrl, result };
    } catch (err) {
      this.pending.delete(linkId);
      await link.listener?.close();
      throw err;
    }
  }

  /** Stops waiting for a link's callback; its outcome becomes `cancelled`. Unknown or finished links are ignored. */
  async cancel(linkId: string): Promise<void> {
    await this.pending.get(linkId)?.listener?.close();
  }

  /** Cancels every link in flight (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.cancel(id)));
  }

  private async authorizationUrl(link: PendingLink, redirectUri: string): Promise<string> {
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: link.provider.scopes.join(' '),
      resource: link.provider.apiBase,
      code_challenge: await oidc.calculatePKCECodeChallenge(link.verifier),
      code_challenge_method: 'S256',
      state: link.state,
      nonce: link.nonce,
      // Needed for offline_access (a refresh token) and so the bank always shows its consent screen.
      prompt: 'consent',
    };
    const DPoP = link.dpop ? oidc.getDPoPHandle(link.config, link.dpop.keyPair) : undefined;
    if (link.config.serverMetadata().pushed_authorization_request_endpoint) {
      return (await oidc.buildAuthorizationUrlWithPAR(link.config, params, { DPoP })).href;
    }
    if (DPoP) params.dpop_jkt = await DPoP.calculateThumbprint();
    return oidc.buildAuthorizationUrl(link.config, params).href;
  }

  /** Handles the callback carrying this link's `state`; returns the page the browser tab shows. */
  private async complete(link: PendingLink, callbackUrl: URL): Promise<CallbackPage> {
    const { provider } = link;
    const { logger } = this.options;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        link.config,
        callbackUrl,
        { pkceCodeVerifier: link.verifier, expectedState: link.state, expectedNonce: link.nonce, idTokenExpected: true },
        undefined,
        { DPoP: link.dpop ? oidc.getDPoPHandle(link.config, link.dpop.keyPair) : undefined },
      );
      const connection = await this.store(link, tokens);
      link.finish({ outcome: 'linked', connectionId: connection.id, error: null });
      return { status: 200, title: `${provider.name} is linked`, message: `MyBucks can now see the data you approved. ${RETURN}` };
    } catch (err) {
      logger.warn('link callback rejected', { linkId: link.linkId, providerId: provider.id, err });
      const { outcome, message } =
        err instanceof LinkRefusedError ? { outcome: 'failed' as const, message: err.message } : describeFailure(err, provider.name);
      link.finish({ outcome, connectionId: null, error: message });
      return {
        status: outcome === 'denied' ? 200 : 400,
        title: outcome === 'denied' ? 'Access not granted' : 'Linking failed',
        message: `${message} ${RETURN}`,
      };
    }
  }

  private async store(link: PendingLink, tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): Promise<ConnectionRecord> {
    const { connections, vault, tokens: tokenManager, logger } = this.options;
    const claims = tokens.claims();
    if (!claims) throw new LinkRefusedError(`${link.provider.name} did not say who signed in (no ID token).`);
    const sub = claims.sub;
    if (link.reauthorize && link.reauthorize.sub && link.reauthorize.sub !== sub) {
      throw new LinkRefusedError(`You signed in to ${link.provider.name} as a different customer than this connection belongs to.`);
    }
    const name = typeof claims.name === 'string' ? claims.name : null;
    const consentId = typeof claims.consent_id === 'string' ? claims.consent_id : null;
    const consentExpiresAt = typeof claims.consent_expires_at === 'number' ? new Date(claims.consent_expires_at * 1000).toISOString() : null;
    const scopes = (tokens.scope ?? link.provider.scopes.join(' ')).split(' ').filter(Boolean);
    const existing = link.reauthorize ?? connections.findByProviderAndSub(link.provider.id, sub) ?? null;
    const connectionId = existing?.id ?? randomUUID();

    await vault.save(connectionId, { refreshToken: tokens.refresh_token ?? null, dpopPrivateJwk: link.dpop?.privateJwk ?? null });
    let connection: ConnectionRecord;
    try {
      const fields = { status: 'ok' as const, statusReason: null, sub, name, scopes, consentId, consentExpiresAt };
      connection = existing
        ? connections.update(connectionId, fields)
        : connections.insert({ id: connectionId, providerId: link.provider.id, ...fields });
    } catch (err) {
      if (!existing) vault.wipe(connectionId);
      throw err;
    }
    tokenManager.adopt(connectionId, {
      accessToken: tokens.access_token,
      expiresAt: this.clock.now() + (tokens.expires_in ?? 300) * 1000,
      refreshToken: tokens.refresh_token ?? null,
      dpop: link.dpop,
    });
    logger.info(existing ? 'connection restored' : 'connection created', { connectionId, providerId: link.provider.id, scopes });
    return connection;
  }
}

/** A link the bank approved but MyBucks will not store (message is for the user). */
class LinkRefusedError extends Error {
  override readonly name = 'LinkRefusedError';
}
