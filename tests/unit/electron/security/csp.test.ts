import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from '#security/csp.ts';

/** Parses a CSP into directive → sources, failing on a repeated directive. */
function parseCsp(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(directives.has(name!)).toBe(false);
    directives.set(name!, sources);
  }
  return directives;
}

describe('content security policy', () => {
  const csp = parseCsp(buildCsp());

  it('runs only the app’s own scripts, never inline or eval’d code; WebAssembly (the offline voice) may compile', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('allows inline styles (React style attributes) but nothing looser for styles', () => {
    expect(csp.get('style-src')).toEqual(expect.arrayContaining(["'self'", "'unsafe-inline'"]));
    expect(csp.get('style-src')).toHaveLength(2);
  });

  it('allows images from the app and data: URLs only', () => {
    expect(csp.get('img-src')?.sort()).toEqual(["'self'", 'data:'].sort());
  });

  it.each(['object-src', 'base-uri', 'frame-ancestors', 'form-action'])('shuts %s', (directive) => {
    expect(csp.get(directive)).toEqual(["'none'"]);
  });

  it('connects only to the app without a district server', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds only the district server’s origin to connect-src', () => {
    const withDistrict = parseCsp(buildCsp({ districtUrl: 'https://sync.pudong.example:8443/api/v1?station=7' }));
    expect(withDistrict.get('connect-src')).toEqual(["'self'", 'https://sync.pudong.example:8443']);
    expect(withDistrict.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('adds the station hub’s origin beside the district’s, and nothing else', () => {
    const withHub = parseCsp(
      buildCsp({ districtUrl: 'https://sync.pudong.example', hubUrl: 'http://192.168.1.20:8788' }),
    );
    expect(withHub.get('connect-src')).toEqual(["'self'", 'https://sync.pudong.example', 'http://192.168.1.20:8788']);
    expect(() => buildCsp({ districtUrl: 'https://sync.pudong.example', hubUrl: 'https://x; script-src *' })).toThrow();
  });

  it.each(['javascript:alert(1)', 'file:///etc', 'https://x; script-src *', 'not a url'])(
    'refuses district URL %s',
    (districtUrl) => {
      expect(() => buildCsp({ districtUrl })).toThrow();
    },
  );

  it('is sent with headers that stop content sniffing', () => {
    const value = buildCsp();
    expect(securityHeaders(value)).toMatchObject({
      'Content-Security-Policy': value,
      'X-Content-Type-Options': 'nosniff',
    });
  });
});
