/**
 * The page's side of the offline voice: hands readings to the eSpeak NG worker and
 * keeps the last few, because the calling display reads each call twice and a
 * resident often taps "read aloud" again on the same screen.
 */
import type { SynthRequest, SynthResponse } from './espeak-messages.ts';

/** Makes speech from text without the network or an OS voice. */
export interface OfflineEngine {
  /** The WAV bytes of `text` read by eSpeak NG voice `voice`; a fresh copy each time (decoding detaches it). */
  synthesize(text: string, voice: string): Promise<ArrayBuffer>;
  /** Loads the engine ahead of the first reading. */
  warmUp(): void;
}

/** What the engine needs of a worker; a real `Worker` satisfies it. */
export interface SynthWorker {
  postMessage(message: SynthRequest | 'warm-up'): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SynthResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

const CACHE_SIZE = 6;

/** An engine on the eSpeak NG worker, started on first use (and again if it ever fails to start). */
export function workerEngine(createWorker: () => SynthWorker): OfflineEngine {
  let worker: SynthWorker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(wav: ArrayBuffer): void; reject(error: Error): void }>();
  const cache = new Map<string, Promise<ArrayBuffer>>();

  function started(): SynthWorker {
    if (worker) return worker;
    const w = createWorker();
    w.addEventListener('message', (event) => {
      const response = event.data;
      const waiter = pending.get(response.id);
      pending.delete(response.id);
      if (!waiter) return;
      if (response.ok) waiter.resolve(response.wav);
      else waiter.reject(new Error(response.error));
    });
    w.addEventListener('error', () => {
      // The worker's script did not load or crashed: everything waiting fails, the next reading starts a new one.
      w.terminate();
      if (worker === w) worker = null;
      for (const waiter of pending.values()) waiter.reject(new Error('the offline voice stopped working'));
      pending.clear();
    });
    worker = w;
    return w;
  }

  function read(text: string, voice: string): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      started().postMessage({ id, text, voice });
    });
  }

  return {
    synthesize(text, voice) {
      const key = `${voice}\u0000${text}`;
      let reading = cache.get(key);
      if (reading)
        cache.delete(key); // re-inserted below as the most recent
      else {
        reading = read(text, voice);
        reading.catch(() => cache.delete(key));
      }
      cache.set(key, reading);
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return reading.then((wav) => wav.slice(0));
    },
    warmUp() {
      started().postMessage('warm-up');
    },
  };
}
