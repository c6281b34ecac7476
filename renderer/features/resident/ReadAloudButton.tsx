/** Reads the current screen aloud in the current language. */
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { screenText, speak } from '#renderer/app/speech.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';

export function ReadAloudButton() {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  return (
    <BigButton variant="plain" onClick={() => speak(screenText(lang), lang)} data-testid="read-aloud">
      <Icon name="speaker" />
      {t('read.button')}
    </BigButton>
  );
}
