/**
 * The station's appointment slots in the station editor: per service that takes
 * bookings, the weekdays, the times, the slot length and how many residents each
 * slot holds (the station document's `appointmentSlots`). The limits shown are the
 * schema's own, and the slot starts are counted by appointment-slots.ts, so what
 * the operator reads here is what the kiosk, the counter and the phone page offer.
 * A station without the field takes no appointments and stays valid.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { slotStarts, type SlotSettings } from '#protocol/appointment-slots.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { stationSchemaLiteral, type ServiceDoc, type StationDoc } from '#protocol/schemas.ts';
import { api, query } from '#console/app/api.ts';
import { issuesAt } from '#console/app/fields.tsx';
import type { FieldIssue, Page, ServiceItem } from '#console/app/types.ts';

const LIMITS = stationSchemaLiteral.properties.appointmentSlots.items.properties;
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** The fields whose problems get their own words (with the schema's limits). */
type Field = 'serviceId' | 'days' | 'from' | 'to' | 'slotMinutes' | 'capacity';

/** The ticketable items a station offers: the district-wide ones and its own. */
export async function stationServices(stationId: string): Promise<ServiceDoc[]> {
  const lists = await Promise.all(
    ['', ...(stationId ? [stationId] : [])].map((id) =>
      api.get<Page<ServiceItem>>(`/services${query({ stationId: id, limit: 200 })}`),
    ),
  );
  // `stationId=''` lists the district-wide items (the query string keeps the empty value).
  return lists.flatMap((p) => p.items.map((i) => i.service)).filter((s) => s.ticket);
}

/** A day of that ISO weekday, for slotStarts (which reads only the weekday): 2024-01-01 was a Monday. */
function dayOfWeekday(weekday: number): string {
  return `2024-01-0${weekday}`;
}

export function AppointmentSlotsFields({
  doc,
  issues,
  disabled,
  onChange,
}: {
  doc: StationDoc;
  issues: FieldIssue[];
  disabled: boolean;
  onChange(appointmentSlots: SlotSettings[] | undefined): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const [services, setServices] = useState<ServiceDoc[] | null>(null);
  useEffect(() => {
    let live = true;
    stationServices(doc.id).then(
      (list) => live && setServices(list),
      () => live && setServices([]),
    );
    return () => {
      live = false;
    };
    // The station's id only changes while a new station is typed; its items do not depend on the rest.
  }, [doc.id]);

  const slots = doc.appointmentSlots ?? [];
  // No entries: the field goes away, as on a station that never took appointments.
  const set = (next: SlotSettings[]) => onChange(next.length ? next : undefined);
  const setAt = (i: number, patch: Partial<SlotSettings>) =>
    set(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const whole = (value: string) => (value.trim() === '' ? NaN : Number(value));
  const nameOf = (id: string) => services?.find((s) => s.id === id)?.name[lang];
  const free = (services ?? []).filter((s) => !slots.some((x) => x.serviceId === s.id));

  const problemText = (field: Field, issue: FieldIssue) => {
    const limits = LIMITS[field as 'capacity'] as { minimum?: number; maximum?: number };
    const specific = `slots.problem.${field}.${issue.code}`;
    return i18n.exists(specific) ? t(specific, { min: limits.minimum, max: limits.maximum }) : t(`issue.${issue.code}`);
  };

  return (
    <fieldset className="group" disabled={disabled} data-testid="appointment-slots">
      <legend>{t('slots.title')}</legend>
      <p className="hint">{t('slots.hint')}</p>
      {slots.length === 0 && <p data-testid="slots-none">{t('slots.none')}</p>}
      {slots.map((slot, i) => {
        const at = `appointmentSlots.${i}`;
        const here = issuesAt(issues, at);
        const problems = (field: Field) => {
          const list = here.filter(
            (x) => x.path === `${at}.${field}` || (field === 'days' && x.path.startsWith(`${at}.days.`)),
          );
          const id = `slot-${i}-${field}-problems`;
          return {
            invalid: list.length > 0 || undefined,
            describedBy: list.length ? id : undefined,
            node: list.length ? (
              <ul className="field-problems" id={id} data-testid="field-problem">
                {list.map((x) => (
                  <li key={`${x.path}-${x.code}`}>{problemText(field, x)}</li>
                ))}
              </ul>
            ) : null,
          };
        };
        const service = problems('serviceId');
        const days = problems('days');
        const from = problems('from');
        const to = problems('to');
        const length = problems('slotMinutes');
        const capacity = problems('capacity');
        const starts = here.length === 0 ? slotStarts(slot, dayOfWeekday(slot.days[0] ?? 1)) : [];
        const label = nameOf(slot.serviceId);
        return (
          <div className="sub-item" key={i} data-testid={`slots-${i}`}>
            <label>
              {t('slots.service')}
              <select
                value={slot.serviceId}
                aria-invalid={service.invalid}
                aria-describedby={service.describedBy}
                onChange={(e) => setAt(i, { serviceId: e.target.value })}
                data-testid={`field-slots-${i}-service`}
              >
                {!label && <option value={slot.serviceId}>{t('slots.unknownService', { id: slot.serviceId })}</option>}
                {label && <option value={slot.serviceId}>{label}</option>}
                {free.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name[lang]}
                  </option>
                ))}
              </select>
              {service.node}
            </label>
            <fieldset className="days" aria-invalid={days.invalid} aria-describedby={days.describedBy}>
              <legend>{t('slots.days')}</legend>
              {DAYS.map((d) => (
                <label key={d} className="day">
                  <input
                    type="checkbox"
                    checked={slot.days.includes(d)}
                    onChange={(e) =>
                      setAt(i, {
                        days: e.target.checked
                          ? [...slot.days, d].sort((a, b) => a - b)
                          : slot.days.filter((x) => x !== d),
                      })
                    }
                    data-testid={`field-slots-${i}-day-${d}`}
                  />
                  {t(`resident:schedule.weekday.${d}`)}
                </label>
              ))}
            </fieldset>
            {days.node}
            <div className="row-fields">
              <label>
                {t('slots.from')}
                <input
                  type="time"
                  value={slot.from}
                  aria-invalid={from.invalid}
                  aria-describedby={from.describedBy}
                  onChange={(e) => setAt(i, { from: e.target.value })}
                  data-testid={`field-slots-${i}-from`}
                />
                {from.node}
              </label>
              <label>
                {t('slots.to')}
                <input
                  type="time"
                  value={slot.to}
                  aria-invalid={to.invalid}
                  aria-describedby={to.describedBy}
                  onChange={(e) => setAt(i, { to: e.target.value })}
                  data-testid={`field-slots-${i}-to`}
                />
                {to.node}
              </label>
              <label>
                {t('slots.length')}
                <input
                  type="number"
                  min={LIMITS.slotMinutes.minimum}
                  max={LIMITS.slotMinutes.maximum}
                  value={Number.isNaN(slot.slotMinutes) ? '' : slot.slotMinutes}
                  aria-invalid={length.invalid}
                  aria-describedby={length.describedBy}
                  onChange={(e) => setAt(i, { slotMinutes: whole(e.target.value) })}
                  data-testid={`field-slots-${i}-length`}
                />
                {length.node}
              </label>
              <label>
                {t('slots.capacity')}
                <input
                  type="number"
                  min={LIMITS.capacity.minimum}
                  max={LIMITS.capacity.maximum}
                  value={Number.isNaN(slot.capacity) ? '' : slot.capacity}
                  aria-invalid={capacity.invalid}
                  aria-describedby={capacity.describedBy}
                  onChange={(e) => setAt(i, { capacity: whole(e.target.value) })}
                  data-testid={`field-slots-${i}-capacity`}
                />
                {capacity.node}
              </label>
            </div>
            {starts.length > 0 && (
              <p className="muted" data-testid={`slots-${i}-summary`}>
                {t('slots.summary', {
                  count: starts.length,
                  first: starts[0],
                  last: starts[starts.length - 1],
                  places: starts.length * slot.capacity,
                })}
              </p>
            )}
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => set(slots.filter((_, j) => j !== i))}
              data-testid={`remove-slots-${i}`}
            >
              {t('slots.remove')}
            </button>
          </div>
        );
      })}
      {services !== null && free.length === 0 && slots.length === 0 && <p className="muted">{t('slots.noServices')}</p>}
      <label className="slots-add">
        {t('slots.addLabel')}
        <select
          value=""
          disabled={free.length === 0}
          onChange={(e) => {
            if (!e.target.value) return;
            set([
              ...slots,
              {
                serviceId: e.target.value,
                days: [1, 2, 3, 4, 5],
                from: '09:00',
                to: '11:30',
                slotMinutes: 30,
                capacity: 2,
              },
            ]);
          }}
          data-testid="add-slots"
        >
          <option value="">{t('slots.addChoose')}</option>
          {free.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name[lang]}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
