/**
 * openid-client Configurations per (issuer, client ID), from discovery, cached for the process.
 * Plain-http issuers (the local mock bank) are allowed only because they are http; https stays enforced
 * for every other bank.
 */
import * as oidc from 'openid-client';
import type { Logger } from '../ports';

export interface IssuerConfigsOptions {
  logger: Logger;
  /** Per-request timeout in seconds (default 15). */
  timeoutSeconds?: number;
  /** Replaces global fetch (Electron passes `net.fetch` so the OS proxy applies). */
  fetch?: typeof fetch;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class IssuerConfigs {
  private readonly cache = new Map<string, Promise<oidc.Configuration>>();

  constructor(private readonly options: IssuerConfigsOptions) {}

  /** Options every openid-client call made from a configuration of this issuer starts from. */
  requestOptions(issuer: string): oidc.DiscoveryRequestOptions {
    const url = new URL(issuer);
    const execute: ((config: oidc.Configuration) => void)[] = [];
    if (url.protocol === 'http:') {
      if (!LOOPBACK_HOSTS.has(url.hostname)) this.options.logger.warn('bank issuer uses plain http', { issuer });
      execute.push(oidc.allowInsecureRequests);
    }
    const options: oidc.DiscoveryRequestOptions = { execute, timeout: this.options.timeoutSeconds ?? 15 };
    if (this.options.fetch) options[oidc.customFetch] = this.options.fetch as oidc.CustomFetch;
    return options;
  }

  get(issuer: string, clientId: string): Promise<oidc.Configuration> {
    const key = `${issuer} ${clientId}`;
    let config = this.cache.get(key);
    if (!config) {
      config = oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), this.requestOptions(issuer));
      this.cache.set(key, config);
      config.catch(() => this.cache.delete(key));
    }
    return config;
  }

  /** Puts a configuration obtained another way (dynamic registration) into the cache. */
  remember(issuer: string, clientId: string, config: oidc.Configuration): void {
    this.cache.set(`${issuer} ${clientId}`, Promise.resolve(config));
  }
}
