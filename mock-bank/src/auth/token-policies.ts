/**
 * Who may introspect (RFC 7662 §2.1, §4) and revoke (RFC 7009 §2.1) a token: only the client it was issued to.
 * oidc-provider's default lets any confidential client introspect every token.
 */
import { errors, type Client, type KoaContextWithOIDC } from 'oidc-provider';
import type { BankBehaviour } from '../behaviour';

interface TokenOwner {
  clientId?: string;
}

/** Another client's token is answered `{ "active": false }`, as if it did not exist. */
export function introspectionAllowed(_koa: KoaContextWithOIDC, client: Client, token: TokenOwner): boolean {
  return token.clientId === client.clientId;
}

/**
 * A public client is not told that a token is not its own (the revocation silently does nothing); a confidential
 * client gets `invalid_request`. Under `publicRevocation: 'refuse'` a public client may revoke nothing.
 */
export function revocationPolicy(behaviour: () => BankBehaviour) {
  return (_koa: KoaContextWithOIDC, client: Client, token: TokenOwner): boolean => {
    const isPublic = client.clientAuthMethod === 'none';
    if (isPublic && behaviour().publicRevocation === 'refuse') {
      throw new errors.UnauthorizedClient('public clients may not revoke tokens at this bank');
    }
    if (token.clientId === client.clientId) return true;
    if (isPublic) return false;
    throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
  };
}
