/** Reads the current screen aloud in the current language. */
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang } from '../../../sync/protocol/languages.ts';
import { screenText, speak } from '../../app/speech.ts';
import { BigButton } from '../../components/BigButton.tsx';
import { Icon } from '../../components/Icon.tsx';

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
