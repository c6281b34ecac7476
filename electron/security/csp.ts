/**
 * The Content-Security-Policy of the renderer, sent as a response header by both
 * Electron's app protocol and the browser host (a header cannot be removed by the
 * page, unlike a <meta> tag). Scripts come only from the app itself, so injected
 * text can never run; the only network peers are the district server and the
 * station hub.
 */

export interface CspOptions {
  /** The district server's URL from the device config; only its origin is used. */
  districtUrl?: string | null;
  /** The station hub's address (device config), the device's other sync peer; only its origin is used. */
  hubUrl?: string | null;
}

/** The district server origin allowed for connect-src; throws on anything but http(s). */
export function districtOrigin(districtUrl: string): string {
  const url = new URL(districtUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`the district server URL must be http(s), got ${url.protocol}`);
  }
  // `origin` is rebuilt from parsed parts, so nothing from the URL can smuggle in a directive.
  return url.origin;
}

/** Builds the CSP header value. */
export function buildCsp({ districtUrl = null, hubUrl = null }: CspOptions = {}): string {
  const connect = [
    "'self'",
    ...(districtUrl ? [districtOrigin(districtUrl)] : []),
    // The same check as the district's: an http(s) origin, nothing that could carry a directive.
    ...(hubUrl ? [districtOrigin(hubUrl)] : []),
  ];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'wasm-unsafe-eval' lets the app compile WebAssembly — the offline voice (eSpeak NG)
    // is a .wasm served by the app itself — and nothing else: no eval(), no new
    // Function(), no inline script. Without it Chromium refuses WebAssembly.compile.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // React writes `style` attributes (style={{…}}), which CSP counts as inline styles;
    // without 'unsafe-inline' they are dropped. Styles cannot run code, and scripts stay strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    // data: for small images that Vite inlines into the bundle.
    'img-src': ["'self'", 'data:'],
    'connect-src': connect,
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The headers every served renderer file carries. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    // No guessing a script out of a file served as something else.
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
