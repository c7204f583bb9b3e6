/**
 * Account-access consents (UK Open Banking `account-access-consents`), shared by the authorization
 * server (which authorises them on the consent page) and the resource server (which enforces them).
 */
import { randomUUID } from 'node:crypto';
import type { ApiScope } from './banks';

export type ConsentStatus = 'AWAU' | 'AUTH' | 'RJCT' | 'EXPD' | 'CANC';

export interface Consent {
  consentId: string;
  bankId: string;
  clientId: string;
  /** The bank user who authorised it (null while awaiting authorisation). */
  userId: string | null;
  accountIds: string[];
  permissions: string[];
  scopes: ApiScope[];
  status: ConsentStatus;
  createdAt: string;
  statusUpdatedAt: string;
  expiresAt: string | null;
  transactionFrom: string | null;
  transactionTo: string | null;
  /** The oidc-provider grant that carries this consent's tokens. */
  grantId: string | null;
}

export type ConsentInit = Pick<Consent, 'bankId' | 'clientId' | 'permissions'> &
  Partial<Pick<Consent, 'scopes' | 'expiresAt' | 'transactionFrom' | 'transactionTo'>>;

export type ConsentListener = (consent: Consent) => void;

export class ConsentStore {
  private readonly byId = new Map<string, Consent>();
  private readonly listeners = new Set<ConsentListener>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  create(init: ConsentInit): Consent {
    const at = this.now().toISOString();
    const consent: Consent = {
      consentId: `urn-${init.bankId}-intent-${randomUUID()}`,
      bankId: init.bankId,
      clientId: init.clientId,
      userId: null,
      accountIds: [],
      permissions: [...init.permissions],
      scopes: init.scopes ?? [],
      status: 'AWAU',
      createdAt: at,
      statusUpdatedAt: at,
      expiresAt: init.expiresAt ?? null,
      transactionFrom: init.transactionFrom ?? null,
      transactionTo: init.transactionTo ?? null,
      grantId: null,
    };
    this.byId.set(consent.consentId, consent);
    return consent;
  }

  get(consentId: string): Consent | undefined {
    return this.byId.get(consentId);
  }

  byGrant(grantId: string): Consent | undefined {
    for (const c of this.byId.values()) if (c.grantId === grantId) return c;
    return undefined;
  }

  list(filter: { bankId?: string; userId?: string; clientId?: string } = {}): Consent[] {
    return [...this.byId.values()].filter(
      (c) =>
        (!filter.bankId || c.bankId === filter.bankId) &&
        (!filter.userId || c.userId === filter.userId) &&
        (!filter.clientId || c.clientId === filter.clientId),
    );
  }

  authorise(consentId: string, by: { userId: string; accountIds: string[]; grantId: string; scopes?: ApiScope[] }): Consent {
    const c = this.require(consentId);
    c.userId = by.userId;
    c.accountIds = [...by.accountIds];
    c.grantId = by.grantId;
    if (by.scopes) c.scopes = by.scopes;
    this.setStatus(consentId, 'AUTH');
    return c;
  }

  setStatus(consentId: string, status: ConsentStatus): Consent {
    const c = this.require(consentId);
    c.status = status;
    c.statusUpdatedAt = this.now().toISOString();
    for (const listener of this.listeners) listener(c);
    return c;
  }

  /** Called after every status change (e.g. the authorization server revokes the grant of a cancelled consent). */
  onStatusChange(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes the consent expire now (sandbox control). */
  expire(consentId: string): Consent {
    const c = this.require(consentId);
    c.expiresAt = this.now().toISOString();
    return this.setStatus(consentId, 'EXPD');
  }

  /** True while the consent lets its tokens read data. */
  isActive(c: Consent): boolean {
    if (c.status !== 'AUTH') return false;
    return !c.expiresAt || Date.parse(c.expiresAt) > this.now().getTime();
  }

  toJSON(): Consent[] {
    return [...this.byId.values()];
  }

  load(consents: Consent[]): void {
    for (const c of consents) this.byId.set(c.consentId, c);
  }

  private require(consentId: string): Consent {
    const c = this.byId.get(consentId);
    if (!c) throw new Error(`unknown consent ${consentId}`);
    return c;
  }
}
