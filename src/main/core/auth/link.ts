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
import { describeError } from './describe';
import { AuthNotFoundError, BankUnavailableError } from './errors';
import { LoopbackPortsBusyError, openLoopbackListener, type CallbackPage, type LoopbackListener } from './loopback';
import type { PrivateUseRedirects } from './private-use-redirect';
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
  /** Receives private-use scheme redirects (RFC 8252 §7.1); only the desktop app has it. */
  privateUseRedirects?: PrivateUseRedirects | null;
}

interface PendingLink {
  linkId: string;
  provider: ProviderRecord;
  config: oidc.Configuration;
  expectedIssuer: string;
  /** The bank advertised `iss` (RFC 9207) or sent it before: a response without it is refused. */
  issRequired: boolean;
  /** The optional parameters this link sent, to name the one a bank refuses. */
  sent: { resource: boolean; prompt: boolean };
  state: string;
  nonce: string;
  verifier: string;
  dpop: DPoPKey | null;
  reauthorize: ConnectionRecord | null;
  listener: LoopbackListener | null;
  finish: (outcome: Omit<LinkOutcome, 'linkId' | 'restored'> & { restored?: boolean }) => void;
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
    if (err.error === 'access_denied') {
      return { outcome: 'denied', message: `You did not allow MyBucks to access ${bankName}. Link it again whenever you like and press Allow on ${bankName}'s consent page.` };
    }
    return { outcome: 'failed', message: `${bankName} reported an error: ${err.error_description ?? err.error}. Try again; if it keeps happening, contact ${bankName}.` };
  }
  if (err instanceof oidc.ResponseBodyError) {
    if (err.error === 'invalid_grant') {
      return { outcome: 'failed', message: `${bankName} rejected the sign-in code (already used, expired, or not issued to this sign-in).` };
    }
    return { outcome: 'failed', message: `${bankName} refused to issue tokens (${describeError(err)}). Try again; if it keeps happening, contact ${bankName}.` };
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
  if (message && !(err instanceof oidc.ClientError)) return { outcome: 'failed', message: `Linking ${bankName} failed: ${message}` };
  return { outcome: 'failed', message: `Linking ${bankName} failed: the bank sent ${describeError(err)}. Try again; if it keeps happening, contact ${bankName}.` };
}

/** A refusal of an optional parameter MyBucks sent, named so the user (and MyBucks) know which one. */
function refusedParameter(err: unknown, sent: PendingLink['sent']): 'resource' | 'prompt' | null {
  const code = (err as { error?: string }).error;
  const text = `${code ?? ''} ${(err as { error_description?: string }).error_description ?? ''}`;
  if (sent.resource && (code === 'invalid_target' || /\bresource\b/i.test(text))) return 'resource';
  if (sent.prompt && /\bprompt\b/i.test(text)) return 'prompt';
  return null;
}

/** The sign-in expired: what, where, and what to do. */
export function timedOutMessage(bankName: string, timeoutMs: number): string {
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const minutes = Math.round(timeoutMs / 60_000);
  const span = minutes >= 1 ? count(minutes, 'minute') : count(Math.max(1, Math.round(timeoutMs / 1000)), 'second');
  return `The sign-in at ${bankName} was not finished within ${span} (its page may have been closed). Link again and finish signing in on the page that opens.`;
}

const PARAMETER_WORDS = {
  resource: 'the resource indicator (RFC 8707) naming its account-data API',
  prompt: 'the request to show its consent screen (prompt=consent)',
};

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
    const dpopOffered = provider.profile.dpop === 'auto' && metadata.dpop_signing_alg_values_supported?.includes('ES256');
    const dpop = dpopOffered ? await createDPoPKey() : null;

    const linkId = randomUUID();
    let finish: PendingLink['finish'] = () => {};
    const result = new Promise<LinkOutcome>((resolve) => {
      finish = (outcome) => {
        if (!this.pending.delete(linkId)) return;
        const full: LinkOutcome = { linkId, ...outcome, restored: outcome.restored ?? false };
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
      issRequired: provider.profile.issPinned || metadata.authorization_response_iss_parameter_supported === true,
      sent: { resource: false, prompt: false },
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      dpop,
      reauthorize,
      listener: null,
      finish,
    };
    this.pending.set(linkId, link);

    const timeoutMs = this.options.callbackTimeoutMs ?? 5 * 60_000;
    // the listener's timer starts now; the countdown the user sees must not outlast it
    const expiresAt = new Date(this.clock.now() + timeoutMs).toISOString();
    try {
      const strategy = provider.profile.redirect;
      link.listener = strategy.kind === 'private-use-scheme' ? this.waitForPrivateUseRedirect(link, timeoutMs) : await openLoopbackListener({
        providerId,
        expectedState: link.state,
        timeoutMs,
        onCallback: (url) => this.complete(link, url),
        logger,
        ports: strategy.kind === 'fixed-ports' ? strategy.ports : undefined,
      }).catch((err: unknown) => {
        if (err instanceof LoopbackPortsBusyError) {
          throw new BankUnavailableError(`MyBucks cannot receive ${provider.name}'s answer: ${err.message}. Finish or cancel other sign-ins, then try again.`, {
            retryable: false,
          });
        }
        throw err;
      });
      if (strategy.kind === 'exact-per-link') await registry.registerExactRedirect(provider, link.listener.redirectUri);
      void link.listener.done.then((end) => {
        if (end === 'timeout') link.finish({ outcome: 'timed_out', connectionId: null, error: timedOutMessage(provider.name, timeoutMs) });
        if (end === 'cancelled') link.finish({ outcome: 'cancelled', connectionId: null, error: null });
      });
      const authorizationUrl = await this.authorizationUrlLearning(link, link.listener.redirectUri);
      logger.info('link started', { linkId, providerId, redirect: strategy.kind, resource: link.sent.resource, dpop: Boolean(dpop) });
      const browserOpened = await this.options.opener.open(authorizationUrl).then(
        () => true,
        (err: unknown) => {
          logger.warn('could not open the browser; the user can copy the address', { linkId, err });
          return false;
        },
      );
      return { linkId, providerId, authorizationUrl, expiresAt, browserOpened, result };
    } catch (err) {
      this.pending.delete(linkId);
      await link.listener?.close();
      throw err;
    }
  }

  private waitForPrivateUseRedirect(link: PendingLink, timeoutMs: number): LoopbackListener {
    const { provider } = link;
    if (!this.options.privateUseRedirects) {
      throw new BankUnavailableError(
        `${provider.name} sends its sign-in answer to the MyBucks desktop app, which a browser cannot pass on. Link ${provider.name} from the MyBucks desktop app.`,
        { retryable: false },
      );
    }
    return this.options.privateUseRedirects.wait({
      providerId: provider.id,
      expectedState: link.state,
      timeoutMs,
      onCallback: (url) => this.complete(link, url),
    });
  }

  /** Stops waiting for a link's callback; its outcome becomes `cancelled`. Unknown or finished links are ignored. */
  async cancel(linkId: string): Promise<void> {
    await this.pending.get(linkId)?.listener?.close();
  }

  /** Cancels every link in flight (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.cancel(id)));
  }

  /**
   * The authorization URL; when a bank refuses an optional parameter in a pushed request, MyBucks learns
   * not to send it and pushes again once, so the user never sees that refusal.
   */
  private async authorizationUrlLearning(link: PendingLink, redirectUri: string): Promise<string> {
    const { provider } = link;
    let failure: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        return await this.authorizationUrl(link, redirectUri);
      } catch (err) {
        failure = err;
        const refused = attempt === 1 ? refusedParameter(err, link.sent) : null;
        if (!refused) break;
        link.provider = this.learnRefusal(provider.id, refused);
      }
    }
    throw new BankUnavailableError(`${provider.name} did not accept the sign-in request (${describeError(failure)}). Try again later; if it keeps happening, contact ${provider.name}.`, {
      cause: failure,
      retryable: false,
    });
  }

  private learnRefusal(providerId: string, parameter: 'resource' | 'prompt'): ProviderRecord {
    return this.options.registry.learn(providerId, parameter === 'resource' ? { resourceIndicator: false } : { prompt: 'never' });
  }

  private async authorizationUrl(link: PendingLink, redirectUri: string): Promise<string> {
    const { provider } = link;
    const metadata = link.config.serverMetadata();
    link.sent = {
      resource: provider.profile.resourceIndicator,
      // OpenID Connect §11 asks for prompt=consent with offline_access; it also makes the bank show its consent screen.
      prompt: provider.profile.prompt === 'consent',
    };
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(link.verifier),
      code_challenge_method: 'S256',
      state: link.state,
      nonce: link.nonce,
      ...(link.sent.resource && { resource: provider.apiBase }),
      ...(link.sent.prompt && { prompt: 'consent' }),
    };
    const DPoP = link.dpop ? oidc.getDPoPHandle(link.config, link.dpop.keyPair) : undefined;
    const par = metadata.pushed_authorization_request_endpoint && (provider.profile.par === 'auto' || metadata.require_pushed_authorization_requests);
    if (par) return (await oidc.buildAuthorizationUrlWithPAR(link.config, params, { DPoP })).href;
    if (DPoP) params.dpop_jkt = await DPoP.calculateThumbprint();
    return oidc.buildAuthorizationUrl(link.config, params).href;
  }

  /** Handles the callback carrying this link's `state`; returns the page the browser tab shows. */
  private async complete(link: PendingLink, callbackUrl: URL): Promise<CallbackPage> {
    const { provider } = link;
    const { logger } = this.options;
    try {
      const iss = callbackUrl.searchParams.get('iss');
      if (link.issRequired && !iss && !callbackUrl.searchParams.has('error')) {
        throw new LinkRefusedError(
          `The sign-in response did not say it came from ${provider.name}, as ${provider.name}'s responses always do, so MyBucks ignored it for your safety. Link again; if it keeps happening, contact ${provider.name}.`,
        );
      }
      const tokens = await oidc.authorizationCodeGrant(
        link.config,
        callbackUrl,
        { pkceCodeVerifier: link.verifier, expectedState: link.state, expectedNonce: link.nonce, idTokenExpected: true },
        undefined,
        { DPoP: link.dpop ? oidc.getDPoPHandle(link.config, link.dpop.keyPair) : undefined },
      );
      const { connection, restored } = await this.store(link, tokens);
      if (iss && !provider.profile.issPinned) this.options.registry.learn(provider.id, { issPinned: true });
      link.finish({ outcome: 'linked', connectionId: connection.id, error: null, restored });
      return restored
        ? { status: 200, title: `${provider.name} was already linked`, message: `MyBucks refreshed its access to the data you approved. ${RETURN}` }
        : { status: 200, title: `${provider.name} is linked`, message: `MyBucks can now see the data you approved. ${RETURN}` };
    } catch (err) {
      logger.warn('link callback rejected', { linkId: link.linkId, providerId: provider.id, err });
      const refused = err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError ? refusedParameter(err, link.sent) : null;
      if (refused) this.learnRefusal(provider.id, refused);
      const { outcome, message } =
        err instanceof LinkRefusedError
          ? { outcome: 'failed' as const, message: err.message }
          : refused
            ? {
                outcome: 'failed' as const,
                message: `${provider.name} refused ${PARAMETER_WORDS[refused]}. MyBucks will not send it again: link ${provider.name} again.`,
              }
            : describeFailure(err, provider.name);
      link.finish({ outcome, connectionId: null, error: message });
      return {
        status: outcome === 'denied' ? 200 : 400,
        title: outcome === 'denied' ? 'Access not granted' : 'Linking failed',
        message: `${message} ${RETURN}`,
      };
    }
  }

  /** Stores the link's connection; `restored` when it replaced the grant of a connection that already existed. */
  private async store(
    link: PendingLink,
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  ): Promise<{ connection: ConnectionRecord; restored: boolean }> {
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
    const previous = existing ? await tokenManager.heldRefreshToken(connectionId) : null;

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
    // The grant this link replaces must not stay live at the bank.
    if (previous && previous !== tokens.refresh_token) void tokenManager.revokeAtBank(connectionId, link.provider.id, previous);
    return { connection, restored: Boolean(existing) };
  }
}

/** A link the bank approved but MyBucks will not store (message is for the user). */
class LinkRefusedError extends Error {
  override readonly name = 'LinkRefusedError';
}
