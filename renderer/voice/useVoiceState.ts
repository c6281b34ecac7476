/** Whether this window's voice is reading now, for the read-aloud button. */
import { useSyncExternalStore } from 'react';
import { appVoice } from './app-voice.ts';
import type { VoiceState } from './voice.ts';

export function useVoiceState(): VoiceState {
  const voice = appVoice();
  return useSyncExternalStore(voice.subscribe, voice.getState);
}
