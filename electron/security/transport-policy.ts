/**
 * Which district addresses a kiosk may talk to. Over plain http:// anyone on the
 * station's network can read the device credential and residents' data, and can
 * feed the kiosk a forged update. A packaged kiosk therefore uses https:// for
 * every district that is not on this machine, unless the technician explicitly
 * allowed http:// during setup (after a warning). A checkout (development, the
 * demo) allows it, as does the loopback district embedded for the demo.
 */

export interface TransportContext {
  /** An installed kiosk (electron's app.isPackaged), not a checkout. */
  packaged: boolean;
  /** The technician chose "allow unencrypted http://" in setup, after the warning. */
  allowInsecureHttp: boolean;
}

export type TransportCheck =
  /** `insecure`: plain http:// to another machine (allowed, but worth a warning in diagnostics). */
  { ok: true; insecure: boolean } | { ok: false; reason: 'insecure_http' | 'unsupported_scheme' };

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether a kiosk may use `url` (the district, or its update feed). */
export function checkTransport(url: string, { packaged, allowInsecureHttp }: TransportContext): TransportCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'unsupported_scheme' };
  }
  if (parsed.protocol === 'https:') return { ok: true, insecure: false };
  if (parsed.protocol !== 'http:') return { ok: false, reason: 'unsupported_scheme' };
  if (isLoopback(parsed.hostname)) return { ok: true, insecure: false };
  if (!packaged || allowInsecureHttp) return { ok: true, insecure: true };
  return { ok: false, reason: 'insecure_http' };
}
