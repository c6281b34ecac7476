/**
 * The technician PIN in front of every setup screen. A fresh device asks for a new
 * PIN twice; after that the PIN is checked by the device side, which also keeps
 * the lockout (5 wrong tries), so a reload or restart does not reset it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callDevice } from '#renderer/platform/platform.ts';
import { PinPad } from '#renderer/features/staff/PinPad.tsx';
import { explainError } from './setup-errors.ts';

const MAX_PIN = 12;

export function PinGate({ pinConfigured, onUnlocked }: { pinConfigured: boolean; onUnlocked(): void }) {
  const { t } = useTranslation('setup');
  const [pin, setPin] = useState('');
  const [first, setFirst] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submitNew = async () => {
    if (first === null) {
      setFirst(pin);
      setPin('');
      setMessage(null);
      return;
    }
    if (first !== pin) {
      setFirst(null);
      setPin('');
      setMessage(t('pin.mismatch'));
      return;
    }
    setBusy(true);
    try {
      await callDevice('technician:setPin', { pin });
      onUnlocked();
    } catch (error) {
      const shown = explainError(t, error);
      setMessage(shown.code === 'technician_pin_weak' ? t('pin.weak') : shown.text);
      setFirst(null);
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  const submitExisting = async () => {
    setBusy(true);
    try {
      const check = await callDevice('technician:verifyPin', { pin });
      setPin('');
      if (check.outcome === 'unlocked') return onUnlocked();
      if (check.outcome === 'wrong-pin') setMessage(t('pin.wrong', { count: check.attemptsLeft }));
      else if (check.outcome === 'locked-out')
        setMessage(t('pin.locked', { minutes: Math.max(1, Math.ceil(check.retryAfterMs / 60_000)) }));
      else setMessage(t('error.other'));
    } catch (error) {
      setMessage(explainError(t, error).text);
    } finally {
      setBusy(false);
    }
  };

  const setting = !pinConfigured;
  return (
    <section
      className="setup-card setup-pin"
      data-testid="setup-pin"
      data-mode={setting ? (first === null ? 'set' : 'confirm') : 'enter'}
    >
      <h2>{setting ? t('pin.setTitle') : t('pin.enterTitle')}</h2>
      <p className="lead">
        {setting ? (first === null ? t('pin.setLead') : t('pin.confirmLead')) : t('pin.enterLead')}
      </p>
      <PinPad
        value={pin}
        maxLength={MAX_PIN}
        onChange={setPin}
        onSubmit={() => void (setting ? submitNew() : submitExisting())}
        busy={busy}
      />
      {message && (
        <p className="error-text" role="alert" data-testid="setup-pin-message">
          {message}
        </p>
      )}
    </section>
  );
}
