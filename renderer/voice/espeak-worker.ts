/**
 * The eSpeak NG worker. A reading takes the engine hundreds of milliseconds of
 * solid computation (more on a busy station PC), which on the page would freeze
 * taps and the calling display's clock; here it runs beside them. Readings are
 * made one at a time, in the order asked, so memory stays at one engine instance.
 */
import createESpeakNg from 'espeak-ng';
// The engine's .wasm (code and voice data in one file) is bundled by Vite as an
// asset of the renderer, so app://kiosk/ and the browser host serve it offline.
import wasmUrl from 'espeak-ng/dist/espeak-ng.wasm?url';
import type { SynthRequest, SynthResponse } from './espeak-messages.ts';
import { synthesizeWav } from './espeak-synth.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<SynthRequest | 'warm-up'>) => void) | null;
  postMessage(message: SynthResponse, transfer?: Transferable[]): void;
}
// The renderer's TypeScript project has DOM types, where `self` is a Window.
const scope = self as unknown as WorkerScope;

let compiled: Promise<WebAssembly.Module> | null = null;

async function compile(): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // compileStreaming needs the application/wasm content type; bytes compile anyway.
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`the offline voice could not be loaded (${response.status})`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

function engineModule(): Promise<WebAssembly.Module> {
  compiled ??= compile().catch((error: unknown) => {
    compiled = null; // the next reading tries again
    throw error;
  });
  return compiled;
}

let queue: Promise<void> = Promise.resolve();

async function read(request: SynthRequest): Promise<void> {
  try {
    const wav = await synthesizeWav(createESpeakNg, await engineModule(), request.text, request.voice);
    const buffer = wav.buffer.slice(wav.byteOffset, wav.byteOffset + wav.byteLength) as ArrayBuffer;
    scope.postMessage({ id: request.id, ok: true, wav: buffer }, [buffer]);
  } catch (error) {
    scope.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request === 'warm-up') {
    void engineModule().catch(() => undefined);
    return;
  }
  queue = queue.then(() => read(request));
};
