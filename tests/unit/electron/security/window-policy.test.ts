import { describe, expect, it } from 'vitest';
import { allowWebviewAttach, decideWindowOpen } from '#security/window-policy.ts';

describe('window policy', () => {
  it.each(['app://kiosk/index.html', 'https://example.com/', 'about:blank'])('denies window.open of %s', (url) => {
    expect(decideWindowOpen({ url })).toEqual({ action: 'deny' });
  });

  it('never attaches a <webview>', () => {
    expect(allowWebviewAttach({ src: 'app://kiosk/index.html' })).toBe(false);
  });
});
