/**
 * Staff book an appointment at the counter: the service, the day, a slot from the
 * list with the places left, the resident's name and (optionally) the last 4 digits
 * of their phone. The dialog then shows the 4-digit code to tell the resident: they
 * check in with it (or the phone digits) at the kiosk. Offline too; the district
 * checks the slot's capacity again on upload (rules/appointment-rules.ts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlotOffer } from '#protocol/appointment-slots.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { createLogger } from '#renderer/app/logger.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';
import { ScrollArea } from '#renderer/components/ScrollArea.tsx';
import { bookAppointment, freeSlots } from '#renderer/db/appointments.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('staff/booking');
/** Days offered at the counter: today and the next six. */
const DAYS_SHOWN = 7;

export function BookingDialog({ staffId, onClose }: { staffId: string; onClose(): void }) {
  const { t } = useTranslation('staff');
  const lang = useLang();
  const { db, station, services } = useKiosk();
  const bookable = (station.appointmentSlots ?? []).flatMap((s) => {
    const service = services.find((x) => x.id === s.serviceId);
    return service ? [service] : [];
  });
  const days = Array.from({ length: DAYS_SHOWN }, (_, i) =>
    stationDay(Date.now() + i * 86_400_000, station.utcOffsetMinutes),
  );
  const [serviceId, setServiceId] = useState(bookable[0]?.id ?? '');
  const [day, setDay] = useState(days[0]!);
  const [slots, setSlots] = useState<SlotOffer[] | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [booked, setBooked] = useState<AppointmentDoc | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setSlots(null);
    setStart(null);
    if (!serviceId) return;
    freeSlots(db, station, serviceId, day).then(
      (s) => live && setSlots(s),
      (e: unknown) => log.error('could not list slots', e),
    );
    return () => {
      live = false;
    };
  }, [db, station, serviceId, day, booked]);

  const book = async () => {
    if (!start || !name.trim()) return;
    setError(null);
    try {
      const result = await bookAppointment(db, {
        station,
        serviceId,
        day,
        start,
        name: name.trim(),
        ...(phone.length === 4 ? { phoneLast4: phone } : {}),
        staffId,
      });
      if (result.ok) setBooked(result.appointment);
      else setError(t(result.reason === 'full' ? 'booking.full' : 'booking.unavailable'));
    } catch (e) {
      log.error('could not book', e);
      setError(t('booking.failed'));
    }
  };

  if (booked) {
    return (
      <Dialog
        title={t('booking.done')}
        testId="booking-done"
        actions={
          <BigButton variant="primary" onClick={onClose} data-testid="booking-close">
            {t('issue.close')}
          </BigButton>
        }
      >
        <p>{t('booking.tellCode')}</p>
        <p className="ticket-number small" data-testid="booking-code">
          {booked.code}
        </p>
        <p data-testid="booking-when">{t('booking.when', { day: booked.day, start: booked.start })}</p>
      </Dialog>
    );
  }

  const ready = Boolean(start && name.trim() && (phone.length === 0 || phone.length === 4));
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog staff-issue staff-booking"
        role="dialog"
        aria-modal="true"
        aria-labelledby="booking-title"
        data-testid="booking-dialog"
      >
        <h2 id="booking-title">{t('booking.title')}</h2>
        {bookable.length === 0 ? (
          <p>{t('booking.noServices')}</p>
        ) : (
          <>
            <div className="booking-line">
              <h3>{t('issue.service')}</h3>
              <div className="staff-row" role="group">
                {bookable.map((s) => (
                  <BigButton
                    key={s.id}
                    variant="plain"
                    aria-pressed={serviceId === s.id}
                    onClick={() => setServiceId(s.id)}
                    data-testid={`booking-service-${s.id}`}
                  >
                    {pick(s.name, lang)}
                  </BigButton>
                ))}
              </div>
            </div>
            <div className="booking-line">
              <h3>{t('booking.day')}</h3>
              <div className="staff-row" role="group">
                {days.map((d) => (
                  <BigButton
                    key={d}
                    variant="plain"
                    aria-pressed={day === d}
                    onClick={() => setDay(d)}
                    data-testid={`booking-day-${d}`}
                  >
                    {d.slice(5)}
                  </BigButton>
                ))}
              </div>
            </div>
            <h3>{t('booking.slot')}</h3>
            {/* A day of short slots is long: the list scrolls on its own (with its cues), so the fields and buttons stay in view. */}
            <ScrollArea frameClassName="booking-slots">
              <div className="staff-row" role="group" data-testid="booking-slots">
                {slots?.length === 0 && <p>{t('booking.noSlots')}</p>}
                {slots?.map((s) => (
                  <BigButton
                    key={s.start}
                    variant="plain"
                    aria-pressed={start === s.start}
                    disabled={s.remaining === 0}
                    onClick={() => setStart(s.start)}
                    data-testid={`booking-slot-${s.start}`}
                  >
                    {t('booking.slotLine', { start: s.start, count: s.remaining })}
                  </BigButton>
                ))}
              </div>
            </ScrollArea>
            <div className="staff-fields">
              <label className="staff-field">
                {t('booking.name')}
                <input
                  value={name}
                  maxLength={40}
                  onChange={(e) => setName(e.target.value)}
                  data-testid="booking-name"
                />
              </label>
              <label className="staff-field">
                {t('booking.phone')}
                <input
                  value={phone}
                  inputMode="numeric"
                  maxLength={4}
                  onChange={(e) => setPhone(e.target.value.replace(/\D/g, '').slice(0, 4))}
                  data-testid="booking-phone"
                />
              </label>
            </div>
          </>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <BigButton variant="secondary" onClick={onClose}>
            {t('board.cancel')}
          </BigButton>
          <BigButton variant="primary" onClick={() => void book()} disabled={!ready} data-testid="booking-book">
            {t('booking.book')}
          </BigButton>
        </div>
      </div>
    </div>
  );
}
