/**
 * Token lifecycle per connection: the access token lives in memory only; it is refreshed shortly before
 * it expires, or once after a 401. One refresh at a time per connection. A rotated refresh token is
 * written to the vault before the new access token is used. A crash between the bank's answer and that
 * write loses the rotated token; the bank then sees the old one reused, so the connection needs
 * re-authorization and nothing but the session is lost (test/integration/auth/refresh-crash.test.ts).
 * `invalid_grant` turns the connection into `needs_reauth` (data kept) and throws ReauthRequiredError.
 */
import * as oidc from 'openid-client';
import type { AppEvent } from '../../../shared/contract';
import type { ConnectionsRepo } from '../db/connections-repo';
import type { ProviderRegistry } from '../banks/registry';
import { systemClock, type Clock, type Logger } from '../ports';
import { importDPoPKey, type DPoPKey } from './dpop';
import { withCallerSignal } from './issuers';
import { AuthNotFoundError, BankUnavailableError, ReauthRequiredError } from './errors';
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
    const session = await this.session(connectionId);

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

  /**
   * Revokes the refresh token at the bank (RFC 7009), wipes the secrets and removes the connection,
   * keeping or deleting its data. Returns whether the bank confirmed the revocation.
   */
  async disconnect(connectionId: string, opts: { keepData: boolean }): Promise<{ revokedAtBank: boolean }> {
    const connection = this.options.connections.get(connectionId);
    if (!connection) throw new AuthNotFoundError(`Unknown connection ${connectionId}`);
    const { logger, vault } = this.options;
    let revokedAtBank = false;
    const secrets = await vault.load(connectionId).catch((err: unknown) => {
      logger.warn('vault entry unreadable during disconnect', { connectionId, err });
      return null;
    });
    const memory = await this.sessions.get(connectionId)?.catch(() => null);
    const refreshToken = memory?.refreshToken ?? secrets?.refreshToken ?? null;
    if (refreshToken) {
      try {
        const config = await this.options.registry.config(connection.providerId);
        await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
        revokedAtBank = true;
      } catch (err) {
        logger.warn('revocation at the bank failed; removing locally anyway', { connectionId, err });
      }
    }
    vault.wipe(connectionId);
    this.forget(connectionId);
    this.options.connections.remove(connectionId, opts);
    logger.info('connection removed', { connectionId, keepData: opts.keepData, revokedAtBank });
    this.options.onEvent?.({ type: 'connections-changed' });
    return { revokedAtBank };
  }

  private toSession(accessToken: string | null, expiresAt: number, refreshToken: string | null, dpop: DPoPKey | null): Session {
    return { accessToken, expiresAt, refreshToken, dpop, dpopHandle: null, refreshing: null };
  }

  private session(connectionId: string): Promise<Session> {
    let session = this.sessions.get(connectionId);
    if (!session) {
      session = this.loadSession(connectionId);
      this.sessions.set(connectionId, session);
      session.catch(() => this.sessions.delete(connectionId));
    }
    return session;
  }

  private async loadSession(connectionId: string): Promise<Session> {
    const secrets = await this.options.vault.load(connectionId);
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
    const { connections, registry, vault, logger, hooks } = this.options;
    const connection = connections.get(connectionId);
    if (!connection) throw new AuthNotFoundError(`Unknown connection ${connectionId}`);
    if (!session.refreshToken) {
      throw this.needsReauth(connectionId, session, 'MyBucks holds no sign-in for this bank any more. Link it again.');
    }
    const provider = registry.get(connection.providerId);
    const config = await registry.config(provider);
    let tokens: oidc.TokenEndpointResponse;
    this.refreshCount++;
    try {
      tokens = await oidc.refreshTokenGrant(config, session.refreshToken, { resource: provider.apiBase }, {
        DPoP: this.handle(config, session),
      });
    } catch (err) {
      if (err instanceof oidc.ResponseBodyError && err.error === 'invalid_grant') {
        logger.warn('refresh token rejected by the bank', { connectionId, err });
        throw this.needsReauth(connectionId, session, `${provider.name} no longer accepts MyBucks' access. Link it again to resume syncing.`);
      }
      logger.warn('refresh failed', { connectionId, err });
      const detail = err instanceof oidc.ResponseBodyError ? (err.error_description ?? err.error) : (err as Error).message;
      throw new BankUnavailableError(`${provider.name} could not renew MyBucks' access right now (${detail}).`, { cause: err });
    }
    await hooks?.afterRefreshResponse?.(connectionId);

    const rotated = tokens.refresh_token && tokens.refresh_token !== session.refreshToken ? tokens.refresh_token : null;
    if (rotated) {
      // The old refresh token is dead at the bank from now on: keep the new one even if the write fails.
      session.refreshToken = rotated;
      await vault.save(connectionId, { refreshToken: rotated, dpopPrivateJwk: session.dpop?.privateJwk ?? null });
    }
    session.accessToken = tokens.access_token;
    session.expiresAt = this.clock.now() + (tokens.expires_in ?? 300) * 1000;
    logger.debug('access token refreshed', { connectionId, rotated: Boolean(rotated) });
  }

  private needsReauth(connectionId: string, session: Session, reason: string): ReauthRequiredError {
    session.accessToken = null;
    session.refreshToken = null;
    this.options.vault.wipe(connectionId);
    this.options.connections.update(connectionId, { status: 'needs_reauth', statusReason: reason });
    this.options.onEvent?.({ type: 'connections-changed' });
    return new ReauthRequiredError(connectionId, reason);
  }
}
