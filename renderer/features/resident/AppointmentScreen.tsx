/**
 * "I have an appointment": the resident checks in in large steps, one thing per
 * screen. 1. How to find it: the 4-digit code staff gave, or the last 4 digits of
 * the phone number left at booking. 2. The digits on a large keypad. 3. The ticket
 * (replacing this screen), or a plain answer when it cannot check in now: too early
 * (come back at …), too late (the slot was released: take an ordinary number), not
 * found, or several bookings share those phone digits (use the code). Offline too:
 * the station's appointments are on this device.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { slotStartAt } from '#protocol/appointment-slots.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { formatStationTime } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { checkIn, findForCheckIn } from '#renderer/db/appointments.ts';
import { rememberIssued } from '#renderer/db/tickets.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/appointment');
const DIGITS = 4;

type Mode = 'code' | 'phone';
type Outcome =
  | { kind: 'tooEarly'; from: string }
  | { kind: 'tooLate' }
  | { kind: 'notFound' }
  | { kind: 'several' }
  | { kind: 'failed' };

export function AppointmentScreen() {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { db, config, station, services } = useKiosk();
  const nav = useNavigation();
  const [mode, setMode] = useState<Mode | null>(null);
  const [digits, setDigits] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async () => {
    if (busy || digits.length !== DIGITS || !mode) return;
    setBusy(true);
    try {
      const now = Date.now();
      const found = await findForCheckIn(db, station, mode === 'code' ? { code: digits } : { phoneLast4: digits }, now);
      if (found.kind !== 'found') return setOutcome({ kind: found.kind === 'none' ? 'notFound' : 'several' });
      const { appointment, standing } = found;
      if (standing === 'too_early') {
        const slotAt = slotStartAt(appointment.day, appointment.start, station.utcOffsetMinutes);
        const from = slotAt - stationCallPolicy(station).appointments.earlyMinutes * 60_000;
        return setOutcome({ kind: 'tooEarly', from: formatStationTime(from, station.utcOffsetMinutes) });
      }
      if (standing === 'too_late') return setOutcome({ kind: 'tooLate' });
      const service = services.find((s) => s.id === appointment.serviceId);
      const ticket = service && (await checkIn(db, { appointment, service, station, device: config, lang, now }));
      if (!ticket) return setOutcome({ kind: 'notFound' });
      rememberIssued(ticket);
      nav.replace({ screen: 'ticket', ticketId: ticket.id });
    } catch (error) {
      log.error('could not check in', error);
      setOutcome({ kind: 'failed' });
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setOutcome(null);
    setDigits('');
    setMode(null);
  };

  if (outcome) {
    return (
      <section className="appointment-step" data-testid="appointment-outcome">
        <h1>{t(`appointment.${outcome.kind}.title`)}</h1>
        <p className="lead">
          {outcome.kind === 'tooEarly'
            ? t('appointment.tooEarly.body', { time: outcome.from })
            : t(`appointment.${outcome.kind}.body`)}
        </p>
        <div className="appointment-actions">
          <BigButton variant="secondary" onClick={again} data-testid="appointment-again">
            {t('appointment.again')}
          </BigButton>
          <BigButton variant="primary" onClick={nav.home} data-testid="appointment-home">
            {t('appointment.home')}
          </BigButton>
        </div>
      </section>
    );
  }

  if (!mode) {
    return (
      <section className="appointment-step">
        <h1>{t('appointment.title')}</h1>
        <p className="lead">{t('appointment.how')}</p>
        <div className="appointment-choices">
          <BigButton variant="primary" onClick={() => setMode('code')} data-testid="appointment-by-code">
            {t('appointment.byCode')}
          </BigButton>
          <BigButton variant="secondary" onClick={() => setMode('phone')} data-testid="appointment-by-phone">
            {t('appointment.byPhone')}
          </BigButton>
        </div>
      </section>
    );
  }

  const add = (d: string) => setDigits((v) => (v.length < DIGITS ? v + d : v));
  return (
    <section className="appointment-step appointment-keypad">
      <h1 id="appointment-digits-label">{t(mode === 'code' ? 'appointment.enterCode' : 'appointment.enterPhone')}</h1>
      <output className="phone-display" aria-labelledby="appointment-digits-label" data-testid="appointment-digits">
        {digits.padEnd(DIGITS, '_').split('').join(' ')}
      </output>
      <div className="keypad" role="group" aria-labelledby="appointment-digits-label">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <BigButton key={d} variant="plain" data-testid={`appointment-digit-${d}`} onClick={() => add(d)}>
            {d}
          </BigButton>
        ))}
        <BigButton variant="plain" onClick={() => setDigits('')} data-testid="appointment-clear">
          {t('needs.keypadClear')}
        </BigButton>
        <BigButton variant="plain" data-testid="appointment-digit-0" onClick={() => add('0')}>
          0
        </BigButton>
        <BigButton variant="plain" onClick={() => setDigits((v) => v.slice(0, -1))} data-testid="appointment-delete">
          {t('needs.keypadDelete')}
        </BigButton>
      </div>
      <div className="appointment-actions">
        <BigButton variant="secondary" onClick={again} data-testid="appointment-back">
          {t('appointment.previous')}
        </BigButton>
        <BigButton
          variant="primary"
          onClick={() => void submit()}
          disabled={busy || digits.length !== DIGITS}
          aria-busy={busy}
          data-testid="appointment-submit"
        >
          {busy ? t('appointment.checking') : t('appointment.checkIn')}
        </BigButton>
      </div>
    </section>
  );
}
