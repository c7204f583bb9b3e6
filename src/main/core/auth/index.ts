/**
 * The auth layer wired together: what `service.ts` needs for `listProviders`, `addProvider`,
 * `startLink`, `cancelLink` and `disconnect`, and the `fetchResource` the sync engine calls.
 */
import type { AppEvent } from '../../../shared/contract';
import type { ConnectionsRepo, ProvidersRepo } from '../db/connections-repo';
import { ProviderRegistry } from '../banks/registry';
import type { Clock, Logger, SecretCipher, SettingsStore, UrlOpener } from '../ports';
import { IssuerConfigs } from './issuers';
import { LinkManager } from './link';
import { PrivateUseRedirects } from './private-use-redirect';
import { TokenManager, type TokenManagerHooks } from './tokens';
import { TokenVault } from './vault';

export interface AuthCoreDeps {
  providers: ProvidersRepo;
  connections: ConnectionsRepo;
  cipher: SecretCipher;
  settings: SettingsStore;
  opener: UrlOpener;
  /** Use createLogger from core/log (it redacts codes, tokens and callback queries). */
  logger: Logger;
  onEvent?: (event: AppEvent) => void;
  /** Electron passes `net.fetch` so bank requests follow the OS proxy settings. */
  fetch?: typeof fetch;
  /** How long a link waits for the browser (default 5 minutes). */
  callbackTimeoutMs?: number;
  clock?: Clock;
  hooks?: TokenManagerHooks;
  /** The desktop app receives private-use scheme redirects (RFC 8252 §7.1); a browser cannot. */
  privateUseScheme?: boolean;
}

export function createAuthCore(deps: AuthCoreDeps) {
  const { providers, connections, logger, onEvent, clock } = deps;
  const issuers = new IssuerConfigs({ logger, fetch: deps.fetch });
  const vault = new TokenVault(deps.cipher, deps.settings, logger);
  const registry = new ProviderRegistry(providers, issuers, vault, logger);
  const tokens = new TokenManager({ registry, connections, vault, logger, onEvent, clock, hooks: deps.hooks });
  const redirects = deps.privateUseScheme ? new PrivateUseRedirects(logger) : null;
  const links = new LinkManager({
    registry, connections, vault, tokens, opener: deps.opener, logger, onEvent, clock, callbackTimeoutMs: deps.callbackTimeoutMs,
    privateUseRedirects: redirects,
  });
  return { issuers, registry, vault, tokens, links, redirects };
}
export type AuthCore = ReturnType<typeof createAuthCore>;

export { ProviderRegistry, toProviderDTO, DEFAULT_SCOPES } from '../banks/registry';
export { mockBankCatalog } from '../banks/catalog';
export { LinkManager, type LinkOutcome, type LinkStarted } from './link';
export { TokenManager, type ResourceInit } from './tokens';
export { TokenVault } from './vault';
export { ReauthRequiredError, VaultUnavailableError, AuthNotFoundError, BankUnavailableError, isReauthRequired } from './errors';
