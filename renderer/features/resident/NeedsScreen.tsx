/** "Leave a need or suggestion": pick the closest common need, optionally add words and a phone number. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { recordNeed } from '#renderer/db/requests.ts';
import { NEED_KINDS } from './need-kinds.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/needs');

const MAX_PHONE_DIGITS = 11;

export function NeedsScreen() {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { db, config } = useKiosk();
  const nav = useNavigation();
  const [kind, setKind] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [failed, setFailed] = useState(false);

  const submit = async () => {
    if (!kind) return;
    try {
      await recordNeed(
        db,
        { stationId: config.stationId, deviceId: config.deviceId, lang },
        { kind, text: text.trim(), contact: phone },
      );
      nav.replace({ screen: 'needThanks' });
    } catch (error) {
      log.error('could not store a need', error);
      setFailed(true);
    }
  };

  return (
    <section className="needs">
      <h1>{t('needs.title')}</h1>
      <p className="lead">{t('needs.pick')}</p>
      <div className="need-grid" role="group" aria-label={t('needs.title')}>
        {NEED_KINDS.map((k) => (
          <BigButton
            key={k}
            variant="tile"
            aria-pressed={kind === k}
            className={kind === k ? 'is-current' : undefined}
            data-testid={`need-${k}`}
            onClick={() => setKind(k)}
          >
            {t(`needs.kind.${k}`)}
          </BigButton>
        ))}
      </div>
      {kind && (
        <div className="need-extra">
          <div className="need-left">
            <label className="field">
              <span>{t('needs.textLabel')}</span>
              <textarea
                value={text}
                maxLength={500}
                rows={2}
                placeholder={t('needs.textPlaceholder')}
                onChange={(e) => setText(e.target.value)}
                data-testid="need-text"
              />
            </label>
            <BigButton variant="primary" onClick={() => void submit()} data-testid="need-submit">
              {t('needs.submit')}
            </BigButton>
            {failed && (
              <p className="error-text" role="alert">
                {t('needs.failed')}
              </p>
            )}
          </div>
          <div className="field">
            <span id="phone-label">{t('needs.contactLabel')}</span>
            <output className="phone-display" aria-labelledby="phone-label" data-testid="need-phone">
              {phone || '—'}
            </output>
            <div className="keypad" role="group" aria-labelledby="phone-label">
              {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
                <BigButton
                  key={d}
                  variant="plain"
                  onClick={() => setPhone((p) => (p.length < MAX_PHONE_DIGITS ? p + d : p))}
                >
                  {d}
                </BigButton>
              ))}
              <BigButton variant="plain" onClick={() => setPhone('')}>
                {t('needs.keypadClear')}
              </BigButton>
              <BigButton variant="plain" onClick={() => setPhone((p) => (p.length < MAX_PHONE_DIGITS ? p + '0' : p))}>
                0
              </BigButton>
              <BigButton variant="plain" onClick={() => setPhone((p) => p.slice(0, -1))}>
                {t('needs.keypadDelete')}
              </BigButton>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

export function NeedThanksScreen() {
  const { t } = useTranslation('resident');
  const nav = useNavigation();
  return (
    <section className="thanks">
      <h1>{t('needs.thanksTitle')}</h1>
      <p className="lead">{t('needs.thanksBody')}</p>
      <BigButton variant="primary" onClick={nav.home} data-testid="thanks-home">
        {t('common:nav.home')}
      </BigButton>
    </section>
  );
}
