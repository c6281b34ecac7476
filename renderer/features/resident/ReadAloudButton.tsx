/**
 * Reads the current screen aloud in the current language. While it reads, the
 * button says so ("正在朗读") and offers to stop (tap again); when the reading
 * cannot be heard it says that too, instead of staying silent.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { screenText, speak, stopSpeaking } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { appVoice } from '#renderer/voice/app-voice.ts';
import { useVoiceState } from '#renderer/voice/useVoiceState.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

export function ReadAloudButton() {
  const { t } = useTranslation();
  const lang = useLang();
  const { speaking, failed } = useVoiceState();

  // The offline voice takes a moment to load; loading it while the resident looks
  // at the screen makes the first tap speak sooner. A reading in the old language
  // stops when the resident switches language: the screen no longer says it.
  useEffect(() => {
    appVoice().warmUp(lang);
    return stopSpeaking;
  }, [lang]);

  return (
    <BigButton
      variant="plain"
      className="read-aloud"
      aria-pressed={speaking}
      data-state={speaking ? 'speaking' : failed ? 'failed' : 'idle'}
      onClick={() => (speaking ? stopSpeaking() : speak(screenText(lang), lang))}
      data-testid="read-aloud"
    >
      <Icon name={speaking ? 'stop' : 'speaker'} />
      {speaking ? (
        <span className="read-aloud-speaking">
          <span>{t('resident:readAloud.speaking')}</span>
          <span>{t('resident:readAloud.stop')}</span>
        </span>
      ) : failed ? (
        t('resident:readAloud.failed')
      ) : (
        t('read.button')
      )}
    </BigButton>
  );
}
