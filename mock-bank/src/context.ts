/** The state one mock-bank process shares between its banks' authorization and resource servers. */
import type { RequestHandler } from 'express';
import type { JWK } from 'jose';
import type { BankDef } from './banks';
import type { BankBehaviours, BehaviourSelection } from './behaviour';
import type { ConsentStore } from './consents';

export interface MockBankOptions {
  /** Bind address; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Seed of the deterministic data generator. */
  seed?: number;
  /** Booked transactions generated per account (default a realistic ~2 years of activity). */
  transactionsPerAccount?: number;
  /** Guards the sandbox admin API (`x-sandbox-key` header); random when not given. */
  sandboxKey?: string;
  /**
   * When set, grants, clients and consents survive a restart in this JSON file, and the banks' signing keys in
   * one beside it (`state.json` → `state.keys.json`, mode 0600), so tokens issued before the restart stay valid.
   */
  persistFile?: string;
  /** Lets clients registered for them use the implicit and password grants (deprecated by RFC 9700). */
  legacyGrants?: boolean;
  /** Access-token lifetime in seconds (default 300). */
  accessTokenTtl?: number;
  /** Clock for consents and data ("today"); tests may pin it. */
  now?: () => Date;
  /** Transactions per page of the resource server (25–1000, default 1000). */
  pageSize?: number;
  /** No request logging. */
  quiet?: boolean;
  /** Per bank id: behaviour profiles (or profiles + overrides) replacing the bank's baseline. */
  profiles?: Record<string, string[] | BehaviourSelection>;
}

export interface BankKeys {
  /** Private signing keys (ES256 and RS256) in JWK form, for oidc-provider's `jwks`. */
  privateJwks: { keys: JWK[] };
  /** The public half, for the resource server to verify JWT access tokens in-process. */
  publicJwks: { keys: JWK[] };
}

export interface BankRuntime {
  def: BankDef;
  /** e.g. http://127.0.0.1:4000/memorial */
  issuer: string;
  /** e.g. http://127.0.0.1:4000/memorial/open-banking/v4.0/aisp (also the access tokens' audience) */
  apiBase: string;
  keys: BankKeys;
}

export interface LedgerAccountSummary {
  accountId: string;
  nickname: string;
  kind: 'checking' | 'savings' | 'credit_card';
  currency: string;
  /** Last four digits of the account number. */
  mask: string;
}

/** The banks' books. The data module implements this and more for the resource server. */
export interface Ledger {
  accountsOf(bankId: string, username: string): LedgerAccountSummary[];
}

export type FaultTarget = 'token' | 'resource';

/** Injects failures on the next N token or resource requests (sandbox control). */
export interface FaultInjector {
  middleware(target: FaultTarget, bankId: string): RequestHandler;
}

export interface MockBankContext<L extends Ledger = Ledger, F extends FaultInjector = FaultInjector> {
  origin: string;
  options: MockBankOptions & { host: string; seed: number; sandboxKey: string; accessTokenTtl: number; now: () => Date };
  banks: BankRuntime[];
  consents: ConsentStore;
  /** Each bank's live behaviour profile; `set` takes effect on the next request. */
  behaviour: BankBehaviours;
  ledger: L;
  faults: F;
}
