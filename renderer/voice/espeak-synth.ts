// The package ships no types. Ours are referenced here, not imported (an ambient module
// declaration cannot be), so every TypeScript project that reads this file sees them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./espeak-ng.d.ts" />
/**
 * One reading by eSpeak NG: text in, a WAV file (16-bit mono PCM, 22,050 Hz) out.
 * The package is eSpeak NG's command line compiled to WebAssembly, with its voice
 * data inside the .wasm; `main` runs once per module, so each reading gets a fresh
 * instance of one compiled module (compiling the 18 MB module is the slow part, and
 * happens once).
 *
 * Runtime-neutral: the Web Worker runs it in the app, and a unit test runs the very
 * same engine in Node.
 */
import type createESpeakNg from 'espeak-ng';

/** Speaking style for older listeners: a little slower than eSpeak's 175 words a minute, a lower pitch, no clipping. */
export const ESPEAK_STYLE = {
  /** Words a minute. */
  speed: 140,
  /** 0–99, default 50. A lower voice stays audible to ears that lose the high notes first. */
  pitch: 40,
  /** 0–200, default 100, which clips the Mandarin voice's loudest syllables (peaks at 1.0). */
  amplitude: 75,
} as const;

const TEXT_FILE = '/speech.txt';
const WAV_FILE = '/speech.wav';

/** Synthesises `text` with eSpeak NG voice `voiceId` (e.g. 'cmn', 'en-us') and returns the WAV bytes. */
export async function synthesizeWav(
  create: typeof createESpeakNg,
  compiled: WebAssembly.Module,
  text: string,
  voiceId: string,
): Promise<Uint8Array> {
  const errors: string[] = [];
  const engine = await create({
    // The text goes in a file, never on the command line, where a screen text that
    // starts with "-" would be read as an option.
    arguments: [
      ...['-v', voiceId, '-b', '1'],
      ...['-s', String(ESPEAK_STYLE.speed), '-p', String(ESPEAK_STYLE.pitch), '-a', String(ESPEAK_STYLE.amplitude)],
      ...['-f', TEXT_FILE, '-w', WAV_FILE],
    ],
    preRun: [(m) => m.FS.writeFile(TEXT_FILE, text)],
    print: () => undefined,
    printErr: (line) => errors.push(line),
    instantiateWasm(imports, receive) {
      void WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled));
      return {};
    },
  });
  let wav: Uint8Array;
  try {
    wav = engine.FS.readFile(WAV_FILE);
  } catch {
    throw new Error(`eSpeak NG wrote no audio (voice ${voiceId}): ${errors.join(' ').slice(0, 500)}`);
  }
  // A WAV header alone is 44 bytes: anything that short is silence.
  if (wav.byteLength <= 44) throw new Error(`eSpeak NG produced no samples (voice ${voiceId})`);
  return wav;
}
