/** One tap to switch language, on every screen. Each button names its language in that language. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = useLang();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGUAGES.map((lng: Lang) => (
        <BigButton
          key={lng}
          variant="plain"
          lang={lng}
          aria-pressed={current === lng}
          className={current === lng ? 'is-current' : undefined}
          data-testid={`lang-${lng}`}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {i18n.getFixedT(lng)('lang.self')}
        </BigButton>
      ))}
    </div>
  );
}
