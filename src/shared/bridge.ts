/**
 * The browser-mode HTTP bridge protocol (src/main/web-main.ts serves it, src/renderer/api speaks it).
 *
 * - The page is opened at `http://127.0.0.1:<port>/#secret=<per-run secret>`; the renderer keeps the
 *   secret in sessionStorage and removes it from the address bar.
 * - Calls: `POST /api/<method>` with a JSON body holding the call's input (empty body for calls without
 *   input) and the secret in the `x-mybucks-secret` header. Answers `200 {"result": …}` or
 *   `4xx/5xx {"error": ApiErrorBody}`.
 * - Events: `GET /api/events` with the same header answers `text/event-stream`, one `data: <AppEvent JSON>`
 *   per event (read with fetch streaming, since EventSource cannot send headers).
 * - Every /api request must carry the secret, a Host of 127.0.0.1:<port> and, when present, an Origin
 *   of http://127.0.0.1:<port>; anything else is refused with 403.
 */
export const BRIDGE_SECRET_HEADER = 'x-mybucks-secret';
export const BRIDGE_API_PREFIX = '/api/';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_SECRET_HASH_PARAM = 'secret';
