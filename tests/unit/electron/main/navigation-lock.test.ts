import type { App, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installNavigationLock } from '#main/navigation-lock.ts';

/** Just enough of a WebContents to drive the lock's listeners. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
    this.openHandler = handler;
  }
  /** Emits a navigation-style event and tells whether it was prevented. */
  attempt(event: string, url: string): boolean {
    const preventDefault = vi.fn();
    this.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  }
}

function lockedContents() {
  const app = new EventEmitter();
  const logger = { warn: vi.fn() };
  installNavigationLock({ app: app as unknown as App, logger });
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents as unknown as WebContents);
  return { contents, logger };
}

describe('navigation lock', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: stays in the app, refuses the web',
    (event) => {
      const { contents, logger } = lockedContents();
      expect(contents.attempt(event, 'app://kiosk/display')).toBe(false);
      expect(contents.attempt(event, 'https://example.com/')).toBe(true);
      expect(contents.attempt(event, 'file:///etc/passwd')).toBe(true);
      expect(logger.warn).toHaveBeenCalledTimes(2);
    },
  );

  it('denies every new window', () => {
    const { contents } = lockedContents();
    expect(contents.openHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = lockedContents();
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, { src: 'https://example.com/' });
    expect(preventDefault).toHaveBeenCalled();
  });
});
