/** A day's slots per bookable service: the time, booked of places, and a way to book one with a place left. */
import { useTranslation } from 'react-i18next';
import type { BookingDay } from '#protocol/booking-api.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { minutesOfDay } from '#protocol/schedule.ts';

function endOf(start: string, minutes: number): string {
  const end = minutesOfDay(start) + minutes;
  return `${String(Math.floor(end / 60) % 24).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

export function SlotTable({
  data,
  editable,
  onChoose,
}: {
  data: BookingDay;
  editable: boolean;
  onChoose(serviceId: string, start: string): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  if (data.services.length === 0)
    return (
      <p className="muted" data-testid="slots-none">
        {t('appointments.noServices')}
      </p>
    );
  return (
    <section aria-labelledby="slots-title">
      <h2 id="slots-title">{t('appointments.slots')}</h2>
      <table className="list" data-testid="slot-table">
        <thead>
          <tr>
            <th scope="col">{t('appointments.service')}</th>
            <th scope="col">{t('appointments.time')}</th>
            <th scope="col">{t('appointments.taken')}</th>
            {editable && <th scope="col">{t('appointments.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {data.services.map((s) =>
            s.slots.length === 0 ? (
              <tr key={s.serviceId}>
                <th scope="row">{s.name[lang]}</th>
                <td colSpan={editable ? 3 : 2} className="muted">
                  {t('appointments.noSlots')}
                </td>
              </tr>
            ) : (
              s.slots.map((slot, i) => {
                const taken = s.capacity - slot.remaining;
                return (
                  <tr key={`${s.serviceId}-${slot.start}`} data-testid={`slot-${s.serviceId}-${slot.start}`}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={s.slots.length}>
                        {s.name[lang]}
                      </th>
                    ) : null}
                    <td>
                      {slot.start}–{endOf(slot.start, s.slotMinutes)}
                    </td>
                    <td data-testid="slot-taken">
                      {t('appointments.takenOf', { taken, capacity: s.capacity })}
                      {slot.remaining === 0 && <span className="badge badge-full">{t('appointments.full')}</span>}
                    </td>
                    {editable && (
                      <td>
                        <button
                          type="button"
                          className="btn"
                          disabled={slot.remaining === 0}
                          onClick={() => onChoose(s.serviceId, slot.start)}
                          data-testid="slot-choose"
                        >
                          {t('appointments.choose')}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}
