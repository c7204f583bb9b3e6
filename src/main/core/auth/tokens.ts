/**
 * Token lifecycle per connection: the access token lives in memory only; it is refreshed shortly before
 * it expires, or once after a 401. One refresh at a time per connection. A rotated refresh token is
 * written to the vault before the new access token is used. A crash between the bank's answer and that
 * write loses the rotated token; the bank then sees the old one reused, so the connection needs
 * re-authorization and nothing but the session is lost (test/integration/auth/refresh-crash.test.ts).
 * Any 4xx but 429 from the token endpoint (`invalid_grant`, or a bare 400 with an empty body) turns the
 * connection into `needs_reauth` (data kept) and throws ReauthRequiredError; only network failures, 429
 * and 5xx are worth retrying. When the vault cannot save a rotated refresh token (a full disk), the token
 * is held in memory, nothing else is sent to the bank until it is saved, and VaultWriteError stops the sync.
 */
import * as oidc from 'openid-client';
import type { AppEvent } from '../../../shared/contract';
import type { DisconnectResultDTO } from '../../../shared/dto';
import type { ConnectionsRepo } from '../db/connections-repo';
import type { ProviderRegistry } from '../banks/registry';
import { systemClock, type Clock, type Logger } from '../ports';
import { importDPoPKey, type DPoPKey } from './dpop';
import { withCallerSignal } from './issuers';
import { describeError, httpStatusOf, isNetworkFailure } from './describe';
import { AuthNotFoundError, BankUnavailableError, ReauthRequiredError, VaultWriteError } from './errors';
import type { TokenVault } from './vault';

export interface FreshSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken: string | null;
  dpop: DPoPKey | null;
}

interface Session {
  accessToken: string | null;
  expiresAt: number;
  refreshToken: string | null;
  /** The refresh token the bank rotated to is not in the vault yet: it must be saved before anything else. */
  unsaved: boolean;
  dpop: DPoPKey | null;
  dpopHandle: oidc.DPoPHandle | null;
  refreshing: Promise<void> | null;
}

export interface TokenManagerHooks {
  /** Test seam: runs after the token endpoint answered a refresh and before anything is persisted. */
  afterRefreshResponse?(connectionId: string): void | Promise<void>;
}

export interface TokenManagerOptions {
  registry: ProviderRegistry;
  connections: ConnectionsRepo;
  vault: TokenVault;
  logger: Logger;
  onEvent?: (event: AppEvent) => void;
  clock?: Clock;
  /** Refresh this long before the access token expires (default 60 s). */
  refreshMarginMs?: number;
  hooks?: TokenManagerHooks;
}

export interface ResourceInit {
  method?: string;
  headers?: HeadersInit;
  body?: string;
  /** Aborts the resource request (never a refresh in progress, which other callers may share). */
  signal?: AbortSignal;
}

export class TokenManager {
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly clock: Clock;
  /** How many refresh-token grants this manager has sent (diagnostics and tests). */
  refreshCount = 0;

  constructor(private readonly options: TokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Called by the link flow with the tokens it just obtained (already persisted in the vault). */
  adopt(connectionId: string, fresh: FreshSession): void {
    this.sessions.set(connectionId, Promise.resolve(this.toSession(fresh.accessToken, fresh.expiresAt, fresh.refreshToken, fresh.dpop)));
  }

  /** Drops what is held in memory for a connection. */
  forget(connectionId: string): void {
    this.sessions.delete(connectionId);
  }

  /**
   * Calls the bank's resource server for a connection with its access token (DPoP-bound when the bank
   * uses DPoP). Any non-401 response, including 403 outside the granted scopes, is returned as is.
   */
  async fetchResource(connectionId: string, url: string | URL, init: ResourceInit = {}): Promise<Response> {
    const connection = this.options.connections.get(connectionId);
    if (!connection) throw new AuthNotFoundError(`Unknown connection ${connectionId}`);
    if (connection.status === 'needs_reauth') {
      throw new ReauthRequiredError(connectionId, connection.statusReason ?? 'The bank needs you to link this account again.');
    }
    const provider = this.options.registry.get(connection.providerId);
    const target = new URL(url);
    if (!target.href.startsWith(`${provider.apiBase}/`) && target.href !== provider.apiBase) {
      throw new Error(`Refusing to send ${provider.name}'s token to ${target.origin}${target.pathname}`);
    }
    const config = await this.options.registry.config(provider);
    const session = await this.session(connectionId, provider.name);
    if (session.unsaved) await this.saveRotated(connectionId, session, provider.name);

    if (!session.accessToken || session.expiresAt - (this.options.refreshMarginMs ?? 60_000) <= this.clock.now()) {
      await this.refresh(connectionId, session, session.accessToken);
    }
    const used = session.accessToken as string;
    const first = await this.call(config, session, target, init);
    if (first.status !== 401) return first;

    this.options.logger.info('resource server said 401; refreshing once', { connectionId });
    await first.body?.cancel();
    await this.refresh(connectionId, session, used);
    const second = await this.call(config, session, target, init);
    if (second.status === 401 && /error="?invalid_token/.test(second.headers.get('www-authenticate') ?? '')) {
      // A token fresh from the bank is refused too: the consent behind the grant has ended.
      await second.body?.cancel();
      throw this.needsReauth(connectionId, session, `${provider.name} has ended MyBucks' access. Link it again to resume syncing.`);
    }
    return second;
  }

  /** The refresh token held for a connection (memory first, then the vault), or null. */
  async heldRefreshToken(connectionId: string): Promise<string | null> {
    const memory = await this.sessions.get(connectionId)?.catch(() => null);
    if (memory?.refreshToken) return memory.refreshToken;
    const secrets = await this.options.vault.load(connectionId).catch((err: unknown) => {
      this.options.logger.warn('vault entry unreadable', { connectionId, err });
      return null;
    });
    return secrets?.refreshToken ?? null;
  }

  /** RFC 7009 revocation of a refresh token; resolves with why it failed, or null when the bank confirmed it. */
  async revokeAtBank(connectionId: string, providerId: string, refreshToken: string): Promise<string | null> {
    try {
      const config = await this.options.registry.config(providerId);
      if (!config.serverMetadata().revocation_endpoint) return 'the bank offers no way for apps to revoke their access';
      await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
      return null;
    } catch (err) {
      this.options.logger.warn('revocation at the bank failed', { connectionId, err });
      return `the bank refused it (${describeError(err)})`;
    }
  }

  /**
   * Revokes the refresh token at the bank (RFC 7009), wipes the secrets and removes the connection,
   * keeping or deleting its data. Says whether the bank confirmed the revocation and, if not, what to do.
   */
  async disconnect(connectionId: string, opts: { keepData: boolean }): Promise<DisconnectResultDTO> {
    const connection = this.options.connections.get(connectionId);
    if (!connection) throw new AuthNotFoundError(`Unknown connection ${connectionId}`);
    const { logger, vault, registry } = this.options;
    const provider = registry.get(connection.providerId);
    const refreshToken = await this.heldRefreshToken(connectionId);
    const failure = refreshToken ? await this.revokeAtBank(connectionId, provider.id, refreshToken) : null;
    vault.wipe(connectionId);
    this.forget(connectionId);
    this.options.connections.remove(connectionId, opts);
    logger.info('connection removed', { connectionId, keepData: opts.keepData, revokedAtBank: !failure });
    this.options.onEvent?.({ type: 'connections-changed' });
    if (!failure) return { revokedAtBank: Boolean(refreshToken), message: null, revokeUrl: null };
    const where = provider.profile.connectedAppsUrl ? `on ${provider.name}'s connected-apps page` : `in ${provider.name}'s online banking`;
    return {
      revokedAtBank: false,
      message: `MyBucks removed ${provider.name} and forgot its access, but could not revoke it at the bank: ${failure}. Until it expires, MyBucks' access stays valid at ${provider.name}; revoke it ${where}.`,
      revokeUrl: provider.profile.connectedAppsUrl,
    };
  }

  private toSession(accessToken: string | null, expiresAt: number, refreshToken: string | null, dpop: DPoPKey | null): Session {
    return { accessToken, expiresAt, refreshToken, unsaved: false, dpop, dpopHandle: null, refreshing: null };
  }

  private session(connectionId: string, bankName: string): Promise<Session> {
    let session = this.sessions.get(connectionId);
    if (!session) {
      session = this.loadSession(connectionId, bankName);
      this.sessions.set(connectionId, session);
      session.catch(() => this.sessions.delete(connectionId));
    }
    return session;
  }

  private async loadSession(connectionId: string, bankName: string): Promise<Session> {
    let secrets;
    try {
      secrets = await this.options.vault.load(connectionId);
    } catch (err) {
      if ((err as Error).name === 'VaultUnavailableError') throw err;
      this.options.logger.error('vault entry cannot be decrypted', { connectionId, err });
      throw this.needsReauth(
        connectionId,
        this.toSession(null, 0, null, null),
        `MyBucks could not read its saved access to ${bankName}: the key that protects it is missing or has changed. Link ${bankName} again; your data is kept.`,
      );
    }
    if (!secrets) return this.toSession(null, 0, null, null);
    const dpop = secrets.dpopPrivateJwk ? await importDPoPKey(secrets.dpopPrivateJwk) : null;
    return this.toSession(null, 0, secrets.refreshToken, dpop);
  }

  private handle(config: oidc.Configuration, session: Session): oidc.DPoPHandle | undefined {
    if (!session.dpop) return undefined;
    session.dpopHandle ??= oidc.getDPoPHandle(config, session.dpop.keyPair);
    return session.dpopHandle;
  }

  private async call(config: oidc.Configuration, session: Session, url: URL, init: ResourceInit): Promise<Response> {
    const headers = new Headers(init.headers);
    try {
      return await withCallerSignal(init.signal, () =>
        oidc.fetchProtectedResource(config, session.accessToken as string, url, init.method ?? 'GET', init.body, headers, {
          DPoP: this.handle(config, session),
        }),
      );
    } catch (err) {
      // openid-client throws on any WWW-Authenticate challenge; the caller wants the response itself.
      if (err instanceof oidc.WWWAuthenticateChallengeError) return err.response;
      if (init.signal?.aborted) throw init.signal.reason; // openid-client wraps the abort in a generic error
      throw err;
    }
  }

  /** Refreshes unless another caller already replaced `staleToken`; concurrent callers share one refresh. */
  private async refresh(connectionId: string, session: Session, staleToken: string | null): Promise<void> {
    if (session.refreshing) {
      await session.refreshing; // its failure is this caller's failure too
      if (session.accessToken && session.accessToken !== staleToken) return;
    }
    session.refreshing = this.runRefresh(connectionId, session).finally(() => {
      session.refreshing = null;
    });
    await session.refreshing;
  }

  private async runRefresh(connectionId: string, session: Session): Promise<void> {
    const { connections, registry, logger, hooks } = this.options;
    const connection = connections.get(connectionId);
    if (!connection) throw new AuthNotFoundError(`Unknown connection ${connectionId}`);
    const provider = registry.get(connection.providerId);
    if (!session.refreshToken) {
      throw this.needsReauth(connectionId, session, `MyBucks holds no sign-in for ${provider.name} any more. Link ${provider.name} again; your data is kept.`);
    }
    if (session.unsaved) await this.saveRotated(connectionId, session, provider.name);
    const config = await registry.config(provider);
    let tokens: oidc.TokenEndpointResponse;
    this.refreshCount++;
    try {
      const parameters = provider.profile.resourceIndicator ? { resource: provider.apiBase } : undefined;
      tokens = await oidc.refreshTokenGrant(config, session.refreshToken, parameters, { DPoP: this.handle(config, session) });
    } catch (err) {
      logger.warn('refresh failed', { connectionId, err });
      const status = httpStatusOf(err);
      if (status !== null && status >= 400 && status < 500 && status !== 429) {
        throw this.needsReauth(
          connectionId,
          session,
          `${provider.name} no longer accepts MyBucks' access (${describeError(err)}). Link ${provider.name} again to resume syncing; your data is kept.`,
        );
      }
      const retryable = isNetworkFailure(err) || status === 429 || (status !== null && status >= 500);
      throw new BankUnavailableError(
        retryable
          ? `${provider.name} could not renew MyBucks' access right now (${describeError(err)}). MyBucks will try again at the next sync.`
          : `${provider.name} answered MyBucks' request to renew its access with ${describeError(err)}. Try Sync now later; if it keeps happening, link ${provider.name} again.`,
        { cause: err, retryable },
      );
    }
    await hooks?.afterRefreshResponse?.(connectionId);

    const rotated = tokens.refresh_token && tokens.refresh_token !== session.refreshToken ? tokens.refresh_token : null;
    if (rotated) {
      // The old refresh token is dead at the bank from now on: keep the new one in memory until it is saved.
      session.refreshToken = rotated;
      session.unsaved = true;
      session.accessToken = null;
      await this.saveRotated(connectionId, session, provider.name);
    }
    session.accessToken = tokens.access_token;
    session.expiresAt = this.clock.now() + (tokens.expires_in ?? 300) * 1000;
    logger.debug('access token refreshed', { connectionId, rotated: Boolean(rotated) });
  }

  /** Writes a rotated refresh token to the vault; until that succeeds, nothing is sent to the bank. */
  private async saveRotated(connectionId: string, session: Session, bankName: string): Promise<void> {
    try {
      await this.options.vault.save(connectionId, { refreshToken: session.refreshToken, dpopPrivateJwk: session.dpop?.privateJwk ?? null });
      session.unsaved = false;
    } catch (err) {
      this.options.logger.error('could not save the rotated refresh token; holding it in memory', { connectionId, err });
      const reason = err instanceof VaultWriteError ? err.reason : (err as Error).message;
      throw new VaultWriteError(reason, {
        cause: err,
        message: `MyBucks could not save its access to ${bankName}: ${reason}. Fix that (free some disk space) and press Sync now; keep MyBucks open until then and you will not need to link ${bankName} again.`,
      });
    }
  }

  private needsReauth(connectionId: string, session: Session, reason: string): ReauthRequiredError {
    session.accessToken = null;
    session.refreshToken = null;
    this.options.vault.wipe(connectionId);
    this.options.connections.update(connectionId, { status: 'needs_reauth', statusReason: reason, statusCode: 'needs_reauth' });
    this.options.onEvent?.({ type: 'connections-changed' });
    return new ReauthRequiredError(connectionId, reason);
  }
}
