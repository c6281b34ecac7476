/**
 * Staff sign in with their own PIN (checked on the device, so it works offline), then
 * pick a counter. A member limited to some counters (their staff record's `counters`)
 * is refused at the others, with the counters they may use.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyPin } from '#client/staff-pin.ts';
import { mayUseCounter, usableCounters } from '#protocol/staff-counters.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { attemptStaffPin } from './pin-lockout.ts';
import { PinPad } from './PinPad.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';

export interface StaffSession {
  staffId: string;
  staffName: string;
  counterId: string;
}

export function SignIn({ onSignedIn }: { onSignedIn(session: StaffSession): void }) {
  const { t } = useTranslation('staff');
  const lang = useLang();
  const { station } = useKiosk();
  const staff = station.staff ?? [];
  const [memberId, setMemberId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [verified, setVerified] = useState<{ id: string; name: string } | null>(null);
  const member = staff.find((s) => s.id === memberId);
  const counters = station.counters ?? [];

  const submit = async () => {
    if (!member) return;
    setBusy(true);
    const result = await attemptStaffPin(localStorage, member.id, Date.now(), () => verifyPin(pin, member.pin));
    setBusy(false);
    setPin('');
    if (result.outcome === 'unlocked') {
      setVerified({ id: member.id, name: member.name });
      setMessage(null);
      return;
    }
    setMessage(
      result.outcome === 'locked-out'
        ? t('signIn.locked', { minutes: Math.ceil(result.retryAfterMs / 60_000) })
        : t('signIn.wrong', { count: result.attemptsLeft }),
    );
  };

  if (staff.length === 0) {
    return (
      <section className="staff-signin">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.noStaff')}</p>
      </section>
    );
  }

  if (verified) {
    // The live record: a change the district makes meanwhile applies at once.
    const limits = staff.find((s) => s.id === verified.id) ?? {};
    const allowed = usableCounters(limits, counters);
    const choose = (counterId: string, counterName: string) => {
      if (mayUseCounter(limits, counterId)) {
        onSignedIn({ staffId: verified.id, staffName: verified.name, counterId });
        return;
      }
      setMessage(
        t('signIn.counterRefused', {
          name: verified.name,
          counter: counterName,
          allowed: new Intl.ListFormat(lang, { type: 'conjunction' }).format(allowed.map((c) => pick(c.name, lang))),
        }),
      );
    };
    return (
      <section className="staff-signin">
        <h1>{t('signIn.chooseCounter')}</h1>
        {allowed.length === 0 && counters.length > 0 && (
          <p className="error-text" role="alert" data-testid="signin-message">
            {t('signIn.noUsableCounter', { name: verified.name })}
          </p>
        )}
        <div className="staff-choice">
          {counters.map((c) => (
            <BigButton
              key={c.id}
              variant="tile"
              data-testid={`counter-${c.id}`}
              onClick={() => choose(c.id, pick(c.name, lang))}
            >
              {pick(c.name, lang)}
            </BigButton>
          ))}
        </div>
        {message && allowed.length > 0 && (
          <p className="error-text" role="alert" data-testid="signin-message">
            {message}
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="staff-signin">
      <h1>{t('signIn.title')}</h1>
      {!member ? (
        <>
          <p className="lead">{t('signIn.chooseName')}</p>
          <div className="staff-choice">
            {staff.map((s) => (
              <BigButton key={s.id} variant="tile" data-testid={`staff-${s.id}`} onClick={() => setMemberId(s.id)}>
                {s.name}
              </BigButton>
            ))}
          </div>
        </>
      ) : (
        <>
          <p className="lead">{t('signIn.enterPin', { name: member.name })}</p>
          <PinPad value={pin} maxLength={8} onChange={setPin} onSubmit={() => void submit()} busy={busy} />
          {message && (
            <p className="error-text" role="alert" data-testid="signin-message">
              {message}
            </p>
          )}
          <BigButton
            variant="secondary"
            onClick={() => {
              setMemberId(null);
              setPin('');
              setMessage(null);
            }}
          >
            {t('signIn.back')}
          </BigButton>
        </>
      )}
    </section>
  );
}
