/**
 * The token vault: per connection, the refresh token and the DPoP private key (JWK), encrypted with the
 * SecretCipher and persisted through the SettingsStore as base64 ciphertext. Nothing is written in
 * plaintext, and nothing at all when the cipher says secrets cannot be protected on this machine.
 * Access tokens never come here; they live in memory only.
 */
import type { Logger, SecretCipher, SettingsStore } from '../ports';
import { VaultUnavailableError, VaultWriteError, writeFailureReason } from './errors';

export interface ConnectionSecrets {
  /** Null when the bank issued none (no offline access). */
  refreshToken: string | null;
  /** Private key the connection's tokens are DPoP-bound to; null when the bank does not use DPoP. */
  dpopPrivateJwk: JsonWebKey | null;
}

/** What MyBucks holds for a client it registered at a bank, or was given by the user. */
export interface ClientSecrets {
  clientSecret: string | null;
  /** RFC 7592: lets MyBucks update or delete the client it registered. */
  registrationAccessToken: string | null;
}

interface StoredEntry {
  v: 1;
  /** base64 of cipher.encrypt(JSON.stringify(ConnectionSecrets)) */
  ciphertext: string;
}

const keyOf = (connectionId: string) => `vault.${connectionId}`;
const clientKeyOf = (providerId: string) => `vault-client.${providerId}`;

export class TokenVault {
  constructor(
    private readonly cipher: SecretCipher,
    private readonly store: SettingsStore,
    private readonly logger: Logger,
  ) {}

  /** Throws VaultUnavailableError (message meant for the user) when secrets cannot be persisted. */
  async assertAvailable(): Promise<void> {
    const availability = await this.cipher.availability();
    if (!availability.ok) {
      throw new VaultUnavailableError(`MyBucks cannot store bank sign-ins safely on this computer: ${availability.reason}`);
    }
  }

  /** Throws VaultWriteError when the encrypted entry cannot be written (disk full, no permission...). */
  async save(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    await this.put(keyOf(connectionId), secrets);
    this.logger.debug('vault saved', { connectionId });
  }

  async load(connectionId: string): Promise<ConnectionSecrets | null> {
    return this.get<ConnectionSecrets>(keyOf(connectionId));
  }

  async saveClient(providerId: string, secrets: ClientSecrets): Promise<void> {
    await this.put(clientKeyOf(providerId), secrets);
    this.logger.debug('vault saved client', { providerId });
  }

  async loadClient(providerId: string): Promise<ClientSecrets | null> {
    return this.get<ClientSecrets>(clientKeyOf(providerId));
  }

  wipeClient(providerId: string): void {
    this.store.delete(clientKeyOf(providerId));
  }

  private async put(key: string, value: unknown): Promise<void> {
    await this.assertAvailable();
    const ciphertext = await this.cipher.encrypt(JSON.stringify(value));
    const entry: StoredEntry = { v: 1, ciphertext: ciphertext.toString('base64') };
    try {
      this.store.set(key, entry);
    } catch (err) {
      throw new VaultWriteError(writeFailureReason(err), { cause: err });
    }
  }

  private async get<T>(key: string): Promise<T | null> {
    const entry = this.store.get<StoredEntry>(key);
    if (!entry) return null;
    const plaintext = await this.cipher.decrypt(Buffer.from(entry.ciphertext, 'base64'));
    return JSON.parse(plaintext) as T;
  }

  has(connectionId: string): boolean {
    return this.store.get(keyOf(connectionId)) !== undefined;
  }

  wipe(connectionId: string): void {
    this.store.delete(keyOf(connectionId));
    this.logger.debug('vault wiped', { connectionId });
  }
}
