/**
 * The hub process's line to the process that started it, whichever that is:
 * Electron's `utilityProcess.fork` gives the child `process.parentPort` (messages
 * arrive as `{data}` events, go out with `postMessage`), Node's
 * `child_process.fork` gives it `process.send` and `'message'` events. Messages are
 * plain JSON-shaped objects either way, so the protocol is the same.
 */

/** Electron's `process.parentPort` in a utility process (not typed here: this file never loads `electron`). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent is gone (Node: the IPC channel closed). A utility process is ended by Electron with its app. */
  onClose(listener: () => void): void;
}

export function openParentChannel(proc: NodeJS.Process = process): ParentChannel {
  const parentPort = (proc as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onClose: () => undefined,
    };
  }
  const send = proc.send?.bind(proc);
  if (!send)
    throw new Error('the station hub process must be started by the app (utilityProcess or child_process.fork)');
  return {
    // After the parent left nothing can be told (the send fails with EPIPE); the close handler ends this process.
    send: (message) => {
      if (proc.connected) send(message, undefined, undefined, () => undefined);
    },
    onMessage: (listener) => proc.on('message', listener),
    onClose: (listener) => proc.on('disconnect', listener),
  };
}
