/**
 * 预约: a station's appointments on a day. The operator picks a station in their
 * scope and a day, sees each bookable service's slots with booked/places, books
 * a slot for a resident (who is told the check-in code) and cancels a booking.
 * Booking and cancelling go through the district's one booking function (the
 * console's /stations/:id/appointments routes), which counts places under the
 * same lock as a counter's upload, so a refusal here ("full") is the truth; the
 * booking reaches the station's devices by replication like any district write.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDay } from '#protocol/booking-api.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { canChange } from '#protocol/operator-roles.ts';
import type { AppointmentDoc } from '#protocol/schemas.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import { go } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import type { Page, StationItem } from '#console/app/types.ts';
import { BookingForm } from './BookingForm.tsx';
import { BookingList } from './BookingList.tsx';
import { SlotTable } from './SlotTable.tsx';

export function AppointmentsScreen({ station: stationId, day: dayParam }: { station?: string; day?: string }) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [q, setQ] = useState('');
  const [stations, setStations] = useState<StationItem[] | null>(null);
  const [station, setStation] = useState<StationItem | null>(null);
  const [data, setData] = useState<BookingDay | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [chosen, setChosen] = useState<{ serviceId: string; start: string } | null>(null);
  const [booked, setBooked] = useState<AppointmentDoc | null>(null);

  // The stations in the operator's scope (the server filters a supervisor's to their street), searched as typed.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.get<Page<StationItem>>(`/stations${query({ q, limit: 200 })}`).then(
        (p) => live && setStations(p.items),
        (e: unknown) => live && setNotice({ kind: 'error', text: errorText(e, t) }),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, t]);

  // The station in the address, or the operator's first one.
  useEffect(() => {
    if (!stationId) {
      const first = stations?.find((s) => s.doc);
      if (first) go({ screen: 'appointments', station: first.id });
      return;
    }
    api
      .get<StationItem>(`/stations/${encodeURIComponent(stationId)}`)
      .then(setStation, (e: unknown) => setNotice({ kind: 'error', text: errorText(e, t) }));
  }, [stationId, stations, t]);

  const today = station?.doc ? stationDay(Date.now(), station.doc.utcOffsetMinutes) : '';
  const day = dayParam ?? today;

  const load = useCallback(() => {
    if (!station || !day) return;
    api
      .get<BookingDay>(`/stations/${encodeURIComponent(station.id)}/appointments${query({ day })}`)
      .then(setData, (e: unknown) => setNotice({ kind: 'error', text: errorText(e, t) }));
  }, [station, day, t]);
  useEffect(load, [load]);

  const editable = station !== null && canChange(operator, station.street);
  const choices = (stations ?? []).filter((s) => s.doc);
  if (station && !choices.some((s) => s.id === station.id)) choices.unshift(station);

  return (
    <section data-testid="screen-appointments">
      <h1>{t('appointments.title')}</h1>
      <div className="filters appointments-filters">
        <label>
          {t('appointments.search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="appointments-search" />
        </label>
        <label>
          {t('appointments.station')}
          <select
            value={station?.id ?? ''}
            onChange={(e) => go({ screen: 'appointments', station: e.target.value, day: dayParam })}
            data-testid="appointments-station"
          >
            {!station && <option value="">{t('common.loading')}</option>}
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.doc?.name[lang] ?? s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('appointments.day')}
          <input
            type="date"
            value={day}
            onChange={(e) =>
              e.target.value && stationId && go({ screen: 'appointments', station: stationId, day: e.target.value })
            }
            data-testid="appointments-day"
          />
        </label>
        {day !== today && station && (
          <button
            type="button"
            className="btn filters-button"
            onClick={() => go({ screen: 'appointments', station: station.id })}
            data-testid="appointments-today"
          >
            {t('appointments.today')}
          </button>
        )}
      </div>
      {notice && <Notice kind={notice.kind} text={notice.text} />}
      {booked && (
        <div className="notice notice-ok booked" role="status" data-testid="booked">
          <p>
            {t('appointments.bookedFor', {
              name: booked.name,
              day: booked.day,
              start: booked.start,
              service: data?.services.find((s) => s.serviceId === booked.serviceId)?.name[lang] ?? booked.serviceId,
            })}
          </p>
          <p>
            {t('appointments.tellCode')}{' '}
            <strong className="checkin-code" data-testid="booked-code">
              {booked.code}
            </strong>
          </p>
        </div>
      )}
      {station && data && data.day === day && station.doc && (
        <div className="booking-layout">
          <div>
            <SlotTable
              data={data}
              editable={editable}
              onChoose={(serviceId, start) => {
                setChosen({ serviceId, start });
                setBooked(null);
                document.getElementById('booking-name')?.focus();
              }}
            />
            <BookingList
              data={data}
              station={station}
              editable={editable}
              onCancelled={(a) => {
                setBooked(null);
                setNotice({ kind: 'ok', text: t('appointments.cancelled', { name: a.name, start: a.start }) });
                load();
              }}
              onError={(e) => setNotice({ kind: 'error', text: errorText(e, t) })}
            />
          </div>
          {editable && (
            <BookingForm
              key={`${data.stationId}/${data.day}`}
              data={data}
              chosen={chosen}
              onBooked={(a) => {
                setNotice(null);
                setBooked(a);
                setChosen(null);
                load();
              }}
              onRefused={(e) => {
                setBooked(null);
                setNotice({ kind: 'error', text: errorText(e, t) });
                // The places shown were out of date: show the slot as it stands now.
                load();
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}
