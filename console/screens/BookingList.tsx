/**
 * The day's bookings of a station: slot, service, resident, where each stands
 * (a booked one past its release counts as a no-show: appointment-slots.ts) and,
 * for an operator who may change the station, a cancel with a confirmation.
 * The phone digits are a check-in key at the kiosk, so only their last two show,
 * and only to the operators who may read residents' contact numbers.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentStanding } from '#protocol/appointment-slots.ts';
import type { BookingDay, ListedAppointment } from '#protocol/booking-api.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { canSeeNeedContact } from '#protocol/operator-roles.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { api } from '#console/app/api.ts';
import { useOperator } from '#console/app/session.tsx';
import type { StationItem } from '#console/app/types.ts';

/** "••34": enough to match a resident on the phone, not enough to check in as them. */
export function maskedPhone(last4: string): string {
  return `••${last4.slice(-2)}`;
}

export function BookingList({
  data,
  station,
  editable,
  onCancelled,
  onError,
}: {
  data: BookingDay;
  station: StationItem;
  editable: boolean;
  onCancelled(appointment: AppointmentDoc): void;
  onError(error: unknown): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [busy, setBusy] = useState<string | null>(null);
  const contact = canSeeNeedContact(operator, station.street);
  const policy = stationCallPolicy(station.doc);
  const offset = station.doc?.utcOffsetMinutes ?? 480;
  const now = Date.now();
  const serviceName = (id: string) => data.services.find((s) => s.serviceId === id)?.name[lang] ?? id;

  const cancel = async (a: ListedAppointment) => {
    if (
      !window.confirm(
        t('appointments.confirmCancel', { name: a.name, start: a.start, service: serviceName(a.serviceId) }),
      )
    )
      return;
    setBusy(a.id);
    try {
      const after = await api.post<AppointmentDoc>(
        `/stations/${encodeURIComponent(data.stationId)}/appointments/${encodeURIComponent(a.id)}/cancel`,
      );
      onCancelled(after);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="bookings-title">
      <h2 id="bookings-title">{t('appointments.bookings', { count: data.appointments.length })}</h2>
      {data.appointments.length === 0 ? (
        <p className="muted" data-testid="bookings-none">
          {t('appointments.noBookings')}
        </p>
      ) : (
        <table className="list" data-testid="bookings">
          <thead>
            <tr>
              <th scope="col">{t('appointments.time')}</th>
              <th scope="col">{t('appointments.service')}</th>
              <th scope="col">{t('appointments.resident')}</th>
              <th scope="col">{t('appointments.phoneColumn')}</th>
              <th scope="col">{t('appointments.status')}</th>
              <th scope="col">{t('appointments.channel')}</th>
              {editable && <th scope="col">{t('appointments.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {data.appointments.map((a) => {
              const standing = appointmentStanding(a, offset, policy, now);
              return (
                <tr key={a.id} data-testid={`booking-${a.id}`}>
                  <td>{a.start}</td>
                  <td>{serviceName(a.serviceId)}</td>
                  <td data-testid="booking-resident">{a.name}</td>
                  <td data-testid="booking-phone-shown">
                    {a.phoneLast4 !== undefined && contact
                      ? maskedPhone(a.phoneLast4)
                      : a.phoneLast4 !== undefined || a.phoneHidden
                        ? t('appointments.phoneHidden')
                        : '—'}
                  </td>
                  <td data-testid="booking-status">{t(`appointments.standing.${standing}`)}</td>
                  <td>{t(`appointments.via.${a.channel}`)}</td>
                  {editable && (
                    <td>
                      {standing === 'booked' && (
                        <button
                          type="button"
                          className="btn btn-danger"
                          disabled={busy === a.id}
                          onClick={() => void cancel(a)}
                          data-testid="booking-cancel"
                        >
                          {t('appointments.cancel')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
