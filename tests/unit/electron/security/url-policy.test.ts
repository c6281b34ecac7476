import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAllowedNavigation, isTrustedSender } from '#security/url-policy.ts';

describe('url policy', () => {
  it.each([APP_ENTRY_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}/display?screen=2#top`, `${APP_ORIGIN}/assets/app.js`])(
    'allows the app itself: %s',
    (url) => {
      expect(isAllowedNavigation(url)).toBe(true);
      expect(isTrustedSender(url)).toBe(true);
    },
  );

  it.each([
    'https://www.pudong.gov.cn/',
    'http://127.0.0.1:5180/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
    'about:blank',
    'app://kiosk.evil/',
    'app://evil/',
    'app://kiosk@evil/',
    'app://user:pw@kiosk/',
    'app://kiosk:8080/',
    'app:kiosk/index.html',
    'app:///kiosk/index.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
    expect(isTrustedSender(url)).toBe(false);
  });

  it('trusts no sender whose frame is unknown', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
