import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Per-purpose CSRF tokens: an HMAC of a value the attacker cannot obtain (an interaction uid, a session id). */
export class CsrfTokens {
  private readonly secret = randomBytes(32);

  issue(boundTo: string): string {
    return createHmac('sha256', this.secret).update(boundTo).digest('base64url');
  }

  verify(boundTo: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.issue(boundTo));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
