import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactString, REDACTED } from '../../../src/main/core/log';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzYXJhaCJ9.c2lnbmF0dXJl';

describe('log redaction', () => {
  it('strips the query string and fragment of callback URLs', () => {
    const out = redactString('callback http://127.0.0.1:5000/cb/memorial?code=SECRETCODE&state=S1&iss=x#frag done');
    expect(out).toBe(`callback http://127.0.0.1:5000/cb/memorial?${REDACTED} done`);
    expect(out).not.toContain('SECRETCODE');
  });

  it('removes tokens, codes and authorization headers wherever they appear in text', () => {
    const out = redactString(`code=abc123 refresh_token=rt-999 header Bearer ${JWT} DPoP zzz.yyy jwt ${JWT}`);
    for (const secret of ['abc123', 'rt-999', 'eyJ', 'zzz.yyy']) expect(out).not.toContain(secret);
  });

  it('replaces secret-named fields and recurses into objects, arrays and errors', () => {
    const out = redact({
      connectionId: 'c1',
      refreshToken: 'rt',
      access_token: 'at',
      code: 'the-code',
      clientSecret: 'cs',
      dpopPrivateJwk: { d: 'private' },
      nested: [{ id_token: 'it', url: 'https://bank/cb?code=q' }],
      err: new Error(`invalid_grant for ${JWT}`),
    }) as Record<string, unknown>;
    expect(out.connectionId).toBe('c1');
    for (const key of ['refreshToken', 'access_token', 'code', 'clientSecret', 'dpopPrivateJwk']) expect(out[key]).toBe(REDACTED);
    expect(JSON.stringify(out)).not.toMatch(/rt"|"at"|the-code|private|"it"|code=q|eyJ/);
    expect(out.err).toEqual({ name: 'Error', message: `invalid_grant for ${REDACTED}` });
  });

  it('writes redacted lines through the logger and honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l), scope: 'auth' });
    logger.debug('hidden', { x: 1 });
    logger.info('got http://127.0.0.1:1/cb/x?code=C0DE', { refresh_token: 'RTRTRT', providerId: 'memorial' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('INFO [auth] got http://127.0.0.1:1/cb/x?[redacted]');
    expect(lines[0]).toContain('"providerId":"memorial"');
    expect(lines[0]).not.toMatch(/C0DE|RTRTRT/);
  });
});
