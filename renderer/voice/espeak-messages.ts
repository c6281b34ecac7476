/** The messages between the page and the eSpeak NG worker. */

/** Asks for one reading. */
export interface SynthRequest {
  id: number;
  text: string;
  /** eSpeak NG voice name, e.g. 'cmn'. */
  voice: string;
}

/** One reading's WAV bytes, or why there are none. */
export type SynthResponse = { id: number; ok: true; wav: ArrayBuffer } | { id: number; ok: false; error: string };
