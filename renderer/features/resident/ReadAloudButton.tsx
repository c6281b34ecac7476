/** Reads the current screen aloud in the current language. */
import { useTranslation } from 'react-i18next';
import { screenText, speak } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';

export function ReadAloudButton() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <BigButton variant="plain" onClick={() => speak(screenText(lang), lang)} data-testid="read-aloud">
      <Icon name="speaker" />
      {t('read.button')}
    </BigButton>
  );
}
