/**
 * Cross-site request forgery defences of the inspector's POSTs, both required: the request comes
 * from the inspector's own origin (the `Origin` header, else `Sec-Fetch-Site`, else `Referer`),
 * and its form carries a token bound to the acting user (HMAC of the user id under a secret only
 * the server knows).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The token a form of `userId`'s pages carries. */
export function csrfToken(secret: Uint8Array, userId: string): string {
  return createHmac('sha256', secret).update(`casekit-inspector\u0000${userId}`).digest('base64url');
}

/** True when `token` is the one of `userId`. */
export function checkCsrfToken(secret: Uint8Array, userId: string, token: string | undefined): boolean {
  if (token === undefined) return false;
  const expected = Buffer.from(csrfToken(secret, userId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The origin of a URL, or undefined when it is not one. */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}

/**
 * True when a state-changing request comes from the page's own origin: the one its `Host` names
 * (with the scheme the connection or `X-Forwarded-Proto` gives when `trustProxy`), or one of
 * `allowedOrigins`.
 */
export function sameOrigin(req: IncomingMessage, allowedOrigins: readonly string[], trustProxy: boolean): boolean {
  const host = header(req, 'host');
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = trustProxy ? (header(req, 'x-forwarded-proto')?.split(',')[0]?.trim() ?? (encrypted ? 'https' : 'http')) : encrypted ? 'https' : 'http';
  const own = host === undefined ? undefined : originOf(`${proto}://${host}`);
  const accepted = (origin: string | undefined) => origin !== undefined && (origin === own || allowedOrigins.includes(origin));
  const origin = header(req, 'origin');
  if (origin !== undefined) return accepted(originOf(origin));
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const referer = header(req, 'referer');
  return referer !== undefined && accepted(originOf(referer));
}
