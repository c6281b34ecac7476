/**
 * Every device's own health report across the district (or one station), worst
 * first: printers out of paper or unreachable, devices the district has not heard
 * from. "Not synced for an hour" uses the district's own clock (when the device last
 * called), never the device's.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceHealthRow } from '#protocol/console-api.ts';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import { go, href } from '#console/app/routing.ts';

const LIMIT = 50;
const HOUR_MINUTES = 60;

type PrinterState = 'ok' | 'paper_out' | 'near_end' | 'unreachable' | 'fault' | 'none' | 'unknown';

function printerState(row: DeviceHealthRow): PrinterState {
  const p = row.report?.printer;
  if (!p) return 'unknown';
  if (p.paper === 'out') return 'paper_out';
  if (p.reachable === false) return 'unreachable';
  if (p.problem) return 'fault';
  if (p.kind === 'none') return 'none';
  if (p.paper === 'near_end') return 'near_end';
  return 'ok';
}

function bytes(n: number | undefined, lang: string): string {
  if (n === undefined) return '—';
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n / 1024 ** 3)} GB`;
}

export function DeviceHealthScreen({ station }: { station?: string }) {
  const { t, i18n } = useTranslation();
  const [paperOut, setPaperOut] = useState(false);
  const [notSynced, setNotSynced] = useState(false);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; items: DeviceHealthRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .get<{ total: number; items: DeviceHealthRow[] }>(
        `/device-health${query({
          station,
          paperOut: paperOut ? 'true' : undefined,
          notSeenForMinutes: notSynced ? HOUR_MINUTES : undefined,
          limit: LIMIT,
          offset,
        })}`,
      )
      .then(
        (p) => {
          setError(null);
          setPage(p);
        },
        (e: unknown) => setError(errorText(e, t)),
      );
  }, [station, paperOut, notSynced, offset, t]);
  useEffect(load, [load]);

  const when = (at: number | string | null | undefined) =>
    at === null || at === undefined
      ? '—'
      : new Date(at).toLocaleString(i18n.language, {
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        });
  // The offset is server minus device: negative means the device's clock runs ahead.
  const clockOffset = (ms: number | undefined) => {
    if (ms === undefined) return '—';
    const abs = Math.abs(ms);
    const fmt = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
    const value =
      abs < 120_000
        ? t('health.seconds', { value: fmt.format(Math.round(abs / 1000)) })
        : abs < 7_200_000
          ? t('health.minutesShort', { value: fmt.format(Math.round(abs / 60_000)) })
          : t('health.hours', { value: fmt.format(abs / 3_600_000) });
    return abs < 2000 ? t('health.clockRight') : t(ms < 0 ? 'health.clockAhead' : 'health.clockBehind', { value });
  };

  return (
    <section data-testid="screen-health">
      <div className="title-row">
        <h1>
          {station ? t('health.titleStation', { station: page?.items[0]?.stationName ?? station }) : t('health.title')}
        </h1>
        <button type="button" className="btn" onClick={load} data-testid="health-refresh">
          {t('health.refresh')}
        </button>
      </div>
      {station && (
        <p>
          <a href={href({ screen: 'health' })}>{t('health.allStations')}</a>
        </p>
      )}
      {error && <Notice kind="error" text={error} />}
      <fieldset className="checks">
        <legend>{t('health.show')}</legend>
        <label>
          <input
            type="checkbox"
            checked={paperOut}
            onChange={(e) => {
              setPaperOut(e.target.checked);
              setOffset(0);
            }}
            data-testid="health-paper-out"
          />
          {t('health.paperOutNow')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={notSynced}
            onChange={(e) => {
              setNotSynced(e.target.checked);
              setOffset(0);
            }}
            data-testid="health-not-synced"
          />
          {t('health.notSyncedHour')}
        </label>
      </fieldset>
      <table className="list" data-testid="health-list">
        <caption className="visually-hidden">{t('health.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('health.device')}</th>
            <th scope="col">{t('health.station')}</th>
            <th scope="col">{t('health.printer')}</th>
            <th scope="col">{t('health.outbox')}</th>
            <th scope="col">{t('health.lastSeen')}</th>
            <th scope="col">{t('health.lastSynced')}</th>
            <th scope="col">{t('health.clockOffset')}</th>
            <th scope="col">{t('health.storage')}</th>
            <th scope="col">{t('health.version')}</th>
            <th scope="col">{t('health.lastError')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((d) => {
            const state = printerState(d);
            const bad = state === 'paper_out' || state === 'unreachable' || state === 'fault';
            return (
              <tr key={d.deviceId} data-testid={`health-${d.deviceId}`} data-printer={state}>
                <td>
                  {d.deviceName || d.deviceId}
                  <div className="muted">
                    {t(`devices.roles.${d.role}`)} · {d.deviceId.slice(0, 8)}
                  </div>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => go({ screen: 'health', station: d.stationId })}>
                    {d.stationName}
                  </button>
                  <div className="muted">{d.street || '—'}</div>
                </td>
                <td data-testid={`printer-${d.deviceId}`}>
                  <span className={bad ? 'band-tag band-tag-critical' : undefined}>
                    {t(`health.printerState.${state}`)}
                  </span>
                  {d.report?.printer.printer && <div className="muted">{d.report.printer.printer}</div>}
                  {d.report?.printer.problem && <div className="muted">{d.report.printer.problem}</div>}
                </td>
                <td>{d.report?.outbox ?? '—'}</td>
                <td className="nowrap">{when(d.lastSeenAt)}</td>
                <td className="nowrap">
                  {/* Recorded on the device's clock: shown on the district's, by the device's own offset. */}
                  {when(
                    d.report?.lastSyncedAt === undefined
                      ? undefined
                      : d.report.lastSyncedAt + (d.report.clockOffsetMs ?? 0),
                  )}
                </td>
                <td className="nowrap">{clockOffset(d.report?.clockOffsetMs)}</td>
                <td>{bytes(d.report?.storageFreeBytes, i18n.language)}</td>
                <td>{d.report?.appVersion ?? '—'}</td>
                <td className="error-cell">{d.report?.lastError ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}
    </section>
  );
}
