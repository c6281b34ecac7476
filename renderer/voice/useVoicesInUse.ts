/** Which voice reads each UI language on this machine, for the technician's diagnostics. */
import { useEffect, useState } from 'react';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import { appVoice } from './app-voice.ts';
import type { VoiceInUse } from './voice.ts';

/** null until known. */
export function useVoicesInUse(): Record<Lang, VoiceInUse> | null {
  const [voices, setVoices] = useState<Record<Lang, VoiceInUse> | null>(null);
  useEffect(() => {
    let cancelled = false;
    const voice = appVoice();
    void Promise.all(LANGUAGES.map((lang) => voice.inUse(lang))).then((inUse) => {
      if (!cancelled)
        setVoices(Object.fromEntries(LANGUAGES.map((lang, i) => [lang, inUse[i]!])) as Record<Lang, VoiceInUse>);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return voices;
}
