import { describe, expect, it } from 'vitest';
import { checkTransport } from '#security/transport-policy.ts';

const packaged = { packaged: true, allowInsecureHttp: false };

describe('district transport policy', () => {
  it('lets a packaged kiosk use https:// anywhere and http:// only on this machine', () => {
    expect(checkTransport('https://district.pudong.example', packaged)).toEqual({ ok: true, insecure: false });
    expect(checkTransport('https://10.0.0.5:8443', packaged)).toEqual({ ok: true, insecure: false });
    for (const local of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'http://127.0.0.2'])
      expect(checkTransport(local, packaged), local).toEqual({ ok: true, insecure: false });
    for (const remote of ['http://10.0.0.5:8787', 'http://district.pudong.example', 'http://127.0.0.1.evil.example'])
      expect(checkTransport(remote, packaged), remote).toEqual({ ok: false, reason: 'insecure_http' });
  });

  it('allows http:// to another machine when the technician allowed it, or in a checkout, flagged insecure', () => {
    expect(checkTransport('http://10.0.0.5:8787', { packaged: true, allowInsecureHttp: true })).toEqual({
      ok: true,
      insecure: true,
    });
    expect(checkTransport('http://10.0.0.5:8787', { packaged: false, allowInsecureHttp: false })).toEqual({
      ok: true,
      insecure: true,
    });
  });

  it('refuses other schemes and malformed addresses whatever was allowed', () => {
    const anything = { packaged: false, allowInsecureHttp: true };
    for (const url of ['ftp://10.0.0.5', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])
      expect(checkTransport(url, anything).ok, url).toBe(false);
  });
});
