/**
 * New windows and embedded web views: never. A resident must not end up in a
 * second window without the kiosk's lockdown, and the app has no use for popups
 * or <webview>.
 */

/** The answer Electron's setWindowOpenHandler expects. */
export interface WindowOpenDecision {
  action: 'deny';
}

/** Decides a window.open / target=_blank request: always denied. */
export function decideWindowOpen(_details?: { url: string }): WindowOpenDecision {
  return { action: 'deny' };
}

/** Whether a <webview> may be attached: never. */
export function allowWebviewAttach(_details?: { src?: string }): boolean {
  return false;
}
