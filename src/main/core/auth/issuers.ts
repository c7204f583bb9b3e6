/**
 * openid-client Configurations per (issuer, client ID), from discovery, cached for the process.
 * Plain-http issuers (the local mock bank) are allowed only because they are http; https stays enforced
 * for every other bank.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as oidc from 'openid-client';
import type { Logger } from '../ports';

const callerSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` so that the HTTP requests openid-client makes inside it also stop when `signal` aborts
 * (openid-client's resource calls take no signal of their own, only the configuration's timeout).
 */
export function withCallerSignal<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  signal?.throwIfAborted();
  return signal ? callerSignal.run(signal, fn) : fn();
}

export interface IssuerConfigsOptions {
  logger: Logger;
  /** Per-request timeout in seconds (default 15). */
  timeoutSeconds?: number;
  /** Replaces global fetch (Electron passes `net.fetch` so the OS proxy applies). */
  fetch?: typeof fetch;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How MyBucks authenticates to a bank's token endpoint: a public native client, or with a secret. */
export interface ClientCredentials {
  clientId: string;
  method: 'none' | 'client_secret_basic' | 'client_secret_post';
  secret: string | null;
}

export function clientAuth(credentials: ClientCredentials): oidc.ClientAuth {
  if (credentials.method === 'none' || !credentials.secret) return oidc.None();
  return credentials.method === 'client_secret_post' ? oidc.ClientSecretPost(credentials.secret) : oidc.ClientSecretBasic(credentials.secret);
}

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
    const baseFetch = this.options.fetch ?? fetch;
    const customFetch: oidc.CustomFetch = (url, init) => {
      const extra = callerSignal.getStore();
      const signal = extra && init.signal ? AbortSignal.any([init.signal, extra]) : (extra ?? init.signal);
      return baseFetch(url, { ...init, signal } as RequestInit);
    };
    return { execute, timeout: this.options.timeoutSeconds ?? 15, [oidc.customFetch]: customFetch };
  }

  /** The configuration for a client at an issuer, from discovery (cached until `forget`). */
  get(issuer: string, credentials: ClientCredentials): Promise<oidc.Configuration> {
    const key = `${issuer} ${credentials.clientId} ${credentials.method}`;
    let config = this.cache.get(key);
    if (!config) {
      config = oidc.discovery(new URL(issuer), credentials.clientId, undefined, clientAuth(credentials), this.requestOptions(issuer));
      this.cache.set(key, config);
      config.catch(() => this.cache.delete(key));
    }
    return config;
  }

  /** Drops cached configurations of an issuer (its client changed or went away). */
  forget(issuer: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${issuer} `)) this.cache.delete(key);
  }

  /** A plain HTTP request with the same transport as openid-client's (Electron's net.fetch, timeout, caller's signal). */
  fetch(issuer: string, url: string | URL, init: RequestInit = {}): Promise<Response> {
    const options = this.requestOptions(issuer);
    const timeout = AbortSignal.timeout((options.timeout ?? 15) * 1000);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return (options[oidc.customFetch] as oidc.CustomFetch)(String(url), { ...init, signal } as never);
  }
}
