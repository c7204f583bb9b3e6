/** Where the packaged UI lives (`app://mybucks/`) and the rules its responses carry. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mybucks';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `scheme://host[:port]` of a URL, or null when it does not parse. Built by hand because Node's URL
 * reports `null` as the origin of custom schemes such as `app:` (Chromium treats it as a standard scheme).
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}
