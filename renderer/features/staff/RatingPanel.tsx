/**
 * The resident rates the finished ticket on the counter's screen, turned towards
 * them: five large choices (the national 好差评 scale); a low rating asks why, from
 * large buttons. Resident-facing, so it keeps the elder-mode sizes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDoc } from '#protocol/schemas.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { LOW_RATING_REASONS, RATING_LEVELS } from './rating-scale.ts';

interface Props {
  ticket: TicketDoc;
  onRated(rating: NonNullable<TicketDoc['rating']>): void;
  onSkip(): void;
}

export function RatingPanel({ ticket, onRated, onSkip }: Props) {
  const { t } = useTranslation('staff');
  const [level, setLevel] = useState<number | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const rate = (l: number, r: string[]) => onRated({ level: l, reasons: r, at: Date.now() });

  return (
    <section className="rating" data-testid="rating">
      <h1>{t('rating.title')}</h1>
      <p className="lead">{t('rating.number', { number: ticket.number })}</p>
      {level === null || level > 2 ? (
        <div className="rating-levels" role="group" aria-label={t('rating.title')}>
          {RATING_LEVELS.map((l) => (
            <BigButton
              key={l}
              variant="tile"
              className={`rating-level rating-${l}`}
              data-testid={`rate-${l}`}
              onClick={() => {
                if (l <= 2) setLevel(l);
                else rate(l, []);
              }}
            >
              <span className="rating-face" aria-hidden="true">
                {'★'.repeat(l)}
              </span>
              {t(`rating.level.${l}`)}
            </BigButton>
          ))}
        </div>
      ) : (
        <>
          <h2>{t('rating.reasonTitle')}</h2>
          <div className="rating-reasons" role="group" aria-label={t('rating.reasonTitle')}>
            {LOW_RATING_REASONS.map((r) => (
              <BigButton
                key={r}
                variant="tile"
                aria-pressed={reasons.includes(r)}
                data-testid={`reason-${r}`}
                onClick={() => setReasons((rs) => (rs.includes(r) ? rs.filter((x) => x !== r) : [...rs, r]))}
              >
                {t(`rating.reason.${r}`)}
              </BigButton>
            ))}
          </div>
          <BigButton variant="primary" onClick={() => rate(level, reasons)} data-testid="rating-send">
            {t('rating.send')}
          </BigButton>
        </>
      )}
      <BigButton variant="secondary" onClick={onSkip} data-testid="rating-skip">
        {t('rating.skip')}
      </BigButton>
    </section>
  );
}
