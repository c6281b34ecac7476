/**
 * Returns an unattended screen to home for the next resident. A visible countdown
 * warns first (WCAG 2.2.1: at least 20 s, one tap keeps the screen), and the
 * screen never changes while someone is touching it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';

interface Props {
  /** Seconds without a touch before the warning shows. */
  idleSeconds: number;
  /** Seconds the warning counts down before resetting. */
  warningSeconds: number;
  /** Whether there is anything to reset (not on an untouched home screen). */
  active: boolean;
  onReset(): void;
}

export function IdleGuard({ idleSeconds, warningSeconds, active, onReset }: Props) {
  const { t } = useTranslation();
  const [remaining, setRemaining] = useState<number | null>(null);
  const lastTouch = useRef(Date.now());

  const keep = useCallback(() => {
    lastTouch.current = Date.now();
    setRemaining(null);
  }, []);

  useEffect(() => {
    const onActivity = () => {
      lastTouch.current = Date.now();
    };
    window.addEventListener('pointerdown', onActivity, true);
    window.addEventListener('keydown', onActivity, true);
    return () => {
      window.removeEventListener('pointerdown', onActivity, true);
      window.removeEventListener('keydown', onActivity, true);
    };
  }, []);

  useEffect(() => {
    if (!active) {
      setRemaining(null);
      return;
    }
    lastTouch.current = Date.now();
    const timer = setInterval(() => {
      const idle = (Date.now() - lastTouch.current) / 1000;
      if (idle < idleSeconds) {
        setRemaining(null);
        return;
      }
      const left = Math.ceil(idleSeconds + warningSeconds - idle);
      if (left <= 0) {
        setRemaining(null);
        lastTouch.current = Date.now();
        onReset();
      } else {
        setRemaining(left);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [active, idleSeconds, warningSeconds, onReset]);

  if (remaining === null) return null;
  return (
    <Dialog
      title={t('idle.title')}
      testId="idle-warning"
      actions={
        <BigButton variant="primary" onClick={keep} data-testid="idle-stay">
          {t('idle.stay')}
        </BigButton>
      }
    >
      <p className="idle-countdown" aria-live="polite">
        <span className="idle-seconds" data-testid="idle-seconds">
          {remaining}
        </span>
        <span>{t('idle.body', { seconds: remaining })}</span>
      </p>
    </Dialog>
  );
}
