/**
 * Books a slot for a resident: the service, a slot with a place left, the
 * resident's name and (if they have one) the last 4 digits of their phone, with
 * which they may also check in at the kiosk. The district picks the check-in code.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingBody, BookingDay } from '#protocol/booking-api.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { appointmentSchemaLiteral, type AppointmentDoc } from '#protocol/schemas.ts';
import { api } from '#console/app/api.ts';

const NAME_MAX = appointmentSchemaLiteral.properties.name.maxLength;

export function BookingForm({
  data,
  chosen,
  onBooked,
  onRefused,
}: {
  data: BookingDay;
  chosen: { serviceId: string; start: string } | null;
  onBooked(appointment: AppointmentDoc): void;
  onRefused(error: unknown): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const [serviceId, setServiceId] = useState(chosen?.serviceId ?? data.services[0]?.serviceId ?? '');
  const [start, setStart] = useState(chosen?.start ?? '');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);

  // A slot chosen in the table fills the form.
  useEffect(() => {
    if (!chosen) return;
    setServiceId(chosen.serviceId);
    setStart(chosen.start);
  }, [chosen]);

  const service = data.services.find((s) => s.serviceId === serviceId);
  const slots = service?.slots ?? [];
  const phoneOk = phone === '' || /^\d{4}$/.test(phone);
  const ready = Boolean(service && start && name.trim() && phoneOk) && !busy;

  const book = async () => {
    if (!ready) return;
    setBusy(true);
    const body: BookingBody = {
      serviceId,
      day: data.day,
      start,
      name: name.trim(),
      ...(phone ? { phoneLast4: phone } : {}),
    };
    try {
      const booked = await api.post<AppointmentDoc>(
        `/stations/${encodeURIComponent(data.stationId)}/appointments`,
        body,
      );
      setName('');
      setPhone('');
      setStart('');
      onBooked(booked);
    } catch (e) {
      onRefused(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="booking-form"
      aria-labelledby="booking-title"
      onSubmit={(e) => {
        e.preventDefault();
        void book();
      }}
      data-testid="booking-form"
    >
      <h2 id="booking-title">{t('appointments.book')}</h2>
      <label>
        {t('appointments.service')}
        <select
          value={serviceId}
          onChange={(e) => {
            setServiceId(e.target.value);
            setStart('');
          }}
          data-testid="booking-service"
        >
          {data.services.map((s) => (
            <option key={s.serviceId} value={s.serviceId}>
              {s.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('appointments.slot')}
        <select value={start} onChange={(e) => setStart(e.target.value)} data-testid="booking-slot">
          <option value="">{slots.length ? t('appointments.chooseSlot') : t('appointments.noSlots')}</option>
          {slots.map((s) => (
            <option key={s.start} value={s.start} disabled={s.remaining === 0}>
              {s.remaining === 0
                ? t('appointments.slotFull', { start: s.start })
                : t('appointments.slotLeft', { start: s.start, count: s.remaining })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('appointments.name')}
        <input
          id="booking-name"
          value={name}
          maxLength={NAME_MAX}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          data-testid="booking-name"
        />
      </label>
      <label>
        {t('appointments.phone')}
        <input
          value={phone}
          inputMode="numeric"
          maxLength={4}
          autoComplete="off"
          aria-invalid={!phoneOk || undefined}
          aria-describedby={phoneOk ? undefined : 'booking-phone-problem'}
          onChange={(e) => setPhone(e.target.value.replace(/\s/g, ''))}
          data-testid="booking-phone"
        />
        {!phoneOk && (
          <span className="field-problems" id="booking-phone-problem">
            {t('appointments.phoneProblem')}
          </span>
        )}
      </label>
      <button type="submit" className="btn btn-primary" disabled={!ready} data-testid="booking-submit">
        {t('appointments.bookButton')}
      </button>
    </form>
  );
}
