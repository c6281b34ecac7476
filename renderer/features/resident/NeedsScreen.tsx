/**
 * "Leave a need or suggestion" without a keyboard, in three steps that each fit one
 * screen: 1. pick the closest common need (big tiles); 2. optionally add words by
 * tapping common phrases (and, in English, letters on screen; see need-words.ts);
 * 3. optionally leave a phone number on the keypad, then 提交 — the last thing on the
 * screen, so nothing is sent before the resident has seen every choice.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { recordNeed } from '#renderer/db/requests.ts';
import { NEED_KINDS, type NeedKind } from './need-kinds.ts';
import { addPhrase, hasLetterKeyboard, MAX_NEED_TEXT, NEED_PHRASES, QWERTY_ROWS } from './need-words.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/needs');

const MAX_PHONE_DIGITS = 11;

type Step = 'kind' | 'words' | 'phone';

export function NeedsScreen() {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { db, config } = useKiosk();
  const nav = useNavigation();
  const [step, setStep] = useState<Step>('kind');
  const [kind, setKind] = useState<NeedKind | null>(null);
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

  const type = (s: string) => setText((v) => (v + s).slice(0, MAX_NEED_TEXT));
  const chosen = kind && (
    <p className="need-chosen" data-testid="need-chosen">
      {t('needs.chosen', { kind: t(`needs.kind.${kind}`) })}
    </p>
  );

  return (
    <section className={`needs needs-step-${step}`} data-step={step}>
      <h1>{t('needs.title')}</h1>
      {step === 'kind' && (
        <>
          <p className="lead">{t('needs.pick')}</p>
          <div className="need-grid" role="group" aria-label={t('needs.title')}>
            {NEED_KINDS.map((k) => (
              <BigButton
                key={k}
                variant="tile"
                aria-pressed={kind === k}
                className={kind === k ? 'is-current' : undefined}
                data-testid={`need-${k}`}
                onClick={() => {
                  setKind(k);
                  setStep('words');
                }}
              >
                {t(`needs.kind.${k}`)}
              </BigButton>
            ))}
          </div>
        </>
      )}

      {step === 'words' && (
        <>
          {chosen}
          <p className="lead" id="need-words-label">
            {t('needs.textLabel')}
          </p>
          <output className="need-text" aria-labelledby="need-words-label" data-testid="need-text">
            {text || t('needs.textEmpty')}
          </output>
          <div className="need-phrases" role="group" aria-label={t('needs.phrasesLabel')}>
            {NEED_PHRASES.map((p) => {
              const words = t(`needs.phrase.${p}`);
              const used = text.includes(words);
              return (
                <BigButton
                  key={p}
                  variant="plain"
                  aria-pressed={used}
                  disabled={used}
                  data-testid={`need-phrase-${p}`}
                  onClick={() => setText((v) => addPhrase(v, words, lang))}
                >
                  {words}
                </BigButton>
              );
            })}
          </div>
          {hasLetterKeyboard(lang) && (
            <div className="need-keyboard" role="group" aria-label={t('needs.keyboardLabel')}>
              {QWERTY_ROWS.map((row) => (
                <div className="need-keyboard-row" key={row}>
                  {[...row].map((letter) => (
                    <BigButton key={letter} variant="plain" data-testid={`key-${letter}`} onClick={() => type(letter)}>
                      {letter.toUpperCase()}
                    </BigButton>
                  ))}
                </div>
              ))}
              <div className="need-keyboard-row">
                <BigButton variant="plain" className="key-space" data-testid="key-space" onClick={() => type(' ')}>
                  {t('needs.keySpace')}
                </BigButton>
                <BigButton variant="plain" data-testid="key-delete" onClick={() => setText((v) => v.slice(0, -1))}>
                  {t('needs.keypadDelete')}
                </BigButton>
              </div>
            </div>
          )}
          <div className="need-actions">
            <BigButton variant="plain" onClick={() => setText('')} disabled={!text} data-testid="need-text-clear">
              {t('needs.keypadClear')}
            </BigButton>
            <BigButton variant="secondary" onClick={() => setStep('kind')} data-testid="need-back">
              {t('needs.previous')}
            </BigButton>
            <BigButton variant="primary" onClick={() => setStep('phone')} data-testid="need-next">
              {t('needs.next')}
            </BigButton>
          </div>
        </>
      )}

      {step === 'phone' && (
        <>
          {chosen}
          <p className="lead" id="phone-label">
            {t('needs.contactLabel')}
          </p>
          <output className="phone-display" aria-labelledby="phone-label" data-testid="need-phone">
            {phone || '—'}
          </output>
          <div className="keypad" role="group" aria-labelledby="phone-label">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
              <BigButton
                key={d}
                variant="plain"
                data-testid={`digit-${d}`}
                onClick={() => setPhone((p) => (p.length < MAX_PHONE_DIGITS ? p + d : p))}
              >
                {d}
              </BigButton>
            ))}
            <BigButton variant="plain" onClick={() => setPhone('')} data-testid="digit-clear">
              {t('needs.keypadClear')}
            </BigButton>
            <BigButton
              variant="plain"
              data-testid="digit-0"
              onClick={() => setPhone((p) => (p.length < MAX_PHONE_DIGITS ? p + '0' : p))}
            >
              0
            </BigButton>
            <BigButton variant="plain" onClick={() => setPhone((p) => p.slice(0, -1))} data-testid="digit-delete">
              {t('needs.keypadDelete')}
            </BigButton>
          </div>
          {failed && (
            <p className="error-text" role="alert">
              {t('needs.failed')}
            </p>
          )}
          <div className="need-actions">
            <BigButton variant="secondary" onClick={() => setStep('words')} data-testid="need-back">
              {t('needs.previous')}
            </BigButton>
            <BigButton variant="primary" onClick={() => void submit()} data-testid="need-submit">
              {t('needs.submit')}
            </BigButton>
          </div>
        </>
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
