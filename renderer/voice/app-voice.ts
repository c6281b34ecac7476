/** The voice of this window: one per page, so read-aloud never talks over itself. */
import { workerEngine } from './offline-engine.ts';
import { createVoice, type Voice, type VoiceDeps } from './voice.ts';

/** The real runtime: Web Speech where the browser has it, the eSpeak NG worker, Web Audio. */
export function browserVoiceDeps(): VoiceDeps {
  const w = typeof window === 'undefined' ? undefined : window;
  const Ctx = w?.AudioContext;
  return {
    synth: w && 'speechSynthesis' in w ? w.speechSynthesis : undefined,
    createUtterance:
      typeof SpeechSynthesisUtterance === 'undefined' ? undefined : (text) => new SpeechSynthesisUtterance(text),
    // A module worker: the engine's glue code is an ES module that finds its files by import.meta.url.
    offline: workerEngine(() => new Worker(new URL('./espeak-worker.ts', import.meta.url), { type: 'module' })),
    createAudioContext: Ctx ? () => new Ctx() : undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

let voice: Voice | null = null;

/** This window's voice, created on first use. */
export function appVoice(): Voice {
  voice ??= createVoice(browserVoiceDeps());
  return voice;
}
