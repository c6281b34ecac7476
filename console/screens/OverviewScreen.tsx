/**
 * Every station in one screen, live: the server's overview stream (an EventSource
 * over the session cookie) sends a snapshot and then the stations that changed.
 * Waits grow on the page's own clock between changes, so a band turns critical
 * without any request.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSOLE_API_PREFIX } from '#protocol/api.ts';
import type { OverviewMessage, OverviewStation } from '#protocol/console-api.ts';
import type { WaitThreshold } from '#protocol/wait-bands.ts';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import { criticalRows, overviewRow, sortRows, SORT_KEYS, type OverviewRow, type SortKey } from './overview-rows.ts';
import { ThresholdsEditor } from './ThresholdsEditor.tsx';

/** How often waits are worked out again on the page (no request). */
const TICK_MS = 15_000;
const MINUTE_MS = 60_000;

type Connection = 'connecting' | 'live' | 'reconnecting';

interface Live {
  connection: Connection;
  stations: Map<string, OverviewStation>;
  thresholds: WaitThreshold[];
  /** Server clock minus page clock, from the last message. */
  skewMs: number;
}

function useOverviewStream(): Live {
  const [live, setLive] = useState<Live>({ connection: 'connecting', stations: new Map(), thresholds: [], skewMs: 0 });
  useEffect(() => {
    const source = new EventSource(`${CONSOLE_API_PREFIX}/overview/stream`);
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as OverviewMessage;
      const skewMs = message.at - Date.now();
      setLive((prev) => {
        switch (message.type) {
          case 'snapshot':
            return {
              connection: 'live',
              stations: new Map(message.stations.map((s) => [s.id, s])),
              thresholds: message.thresholds,
              skewMs,
            };
          case 'stations': {
            const stations = new Map(prev.stations);
            for (const s of message.stations) stations.set(s.id, s);
            return { ...prev, connection: 'live', stations, skewMs };
          }
          case 'thresholds':
            return { ...prev, thresholds: message.thresholds, skewMs };
        }
      });
    };
    // EventSource reconnects by itself; the server then sends a fresh snapshot.
    source.onerror = () => setLive((prev) => ({ ...prev, connection: 'reconnecting' }));
    return () => source.close();
  }, []);
  return live;
}

function useNow(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    setNow(Date.now() + skewMs);
    const timer = setInterval(() => setNow(Date.now() + skewMs), TICK_MS);
    return () => clearInterval(timer);
  }, [skewMs]);
  return now;
}

export function OverviewScreen() {
  const { t, i18n } = useTranslation();
  const operator = useOperator();
  const live = useOverviewStream();
  // Recomputed whenever a message arrives too, so a new ticket's wait starts from the server's time.
  const now = useNow(live.skewMs);
  const [street, setStreet] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'longestWait', descending: true });

  const rows = useMemo(
    () => [...live.stations.values()].map((s) => overviewRow(s, live.thresholds, now)),
    [live.stations, live.thresholds, now],
  );
  const streets = useMemo(() => [...new Set(rows.map((r) => r.station.street))].sort(), [rows]);
  const shown = useMemo(
    () =>
      sortRows(
        rows.filter((r) => !street || r.station.street === street),
        sort.key,
        sort.descending,
        i18n.language,
      ),
    [rows, street, sort, i18n.language],
  );
  const critical = criticalRows(shown);

  const time = (at: number) =>
    new Date(at).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', hour12: false });
  const minutes = (ms: number | null) =>
    ms === null ? '—' : t('overview.minutes', { count: Math.floor(ms / MINUTE_MS) });

  const header = (key: SortKey) => {
    const active = sort.key === key;
    return (
      <th scope="col" key={key} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button
          type="button"
          className="sort"
          onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'name' && key !== 'street' })}
          data-testid={`sort-${key}`}
        >
          {t(`overview.col.${key}`)}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <section data-testid="screen-overview">
      <div className="title-row">
        <h1>{t('overview.title')}</h1>
        <span className="badge" data-testid="overview-connection" data-state={live.connection} role="status">
          {t(`overview.connection.${live.connection}`)}
        </span>
      </div>

      <section className="critical-list" aria-labelledby="critical-title" data-testid="critical-list">
        <h2 id="critical-title">{t('overview.criticalTitle')}</h2>
        {critical.length === 0 ? (
          <p className="muted">{t('overview.noneCritical')}</p>
        ) : (
          <ul>
            {critical.map((r) => (
              <li key={r.station.id} data-testid={`critical-${r.station.id}`}>
                <strong>{r.station.name}</strong> · {r.station.street || '—'} ·{' '}
                {t('overview.criticalSince', {
                  time: time(r.criticalSince!),
                  queues: r.criticalQueues.join(' '),
                  wait: minutes(r.longestWaitMs),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="filters">
        <label>
          {t('overview.street')}
          <select value={street} onChange={(e) => setStreet(e.target.value)} data-testid="overview-street">
            <option value="">{t('overview.allStreets')}</option>
            {streets.map((s) => (
              <option key={s} value={s}>
                {s || t('overview.noStreet')}
              </option>
            ))}
          </select>
        </label>
      </div>

      <table className="list overview" data-testid="overview-list">
        <caption className="visually-hidden">{t('overview.caption')}</caption>
        <thead>
          <tr>{SORT_KEYS.map(header)}</tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <Row key={r.station.id} row={r} minutes={minutes} time={time} />
          ))}
        </tbody>
      </table>
      {live.connection !== 'connecting' && shown.length === 0 && <p className="muted">{t('overview.empty')}</p>}

      {operator.role === 'admin' && live.connection !== 'connecting' && (
        <ThresholdsEditor thresholds={live.thresholds} />
      )}
    </section>
  );
}

function Row({
  row,
  minutes,
  time,
}: {
  row: OverviewRow;
  minutes: (ms: number | null) => string;
  time: (at: number) => string;
}) {
  const { t } = useTranslation();
  const s = row.station;
  return (
    <tr className={`band-${row.band}`} data-testid={`overview-${s.id}`} data-band={row.band}>
      <td>
        <a href={href({ screen: 'station', id: s.id, tab: 'overview' })}>{s.name}</a>
        {row.band !== 'ok' && <span className={`band-tag band-tag-${row.band}`}>{t(`overview.band.${row.band}`)}</span>}
      </td>
      <td className="nowrap">{s.street || '—'}</td>
      <td data-testid={`waiting-${s.id}`}>
        <span className="figure">{row.waiting}</span>
        {s.queues.length > 0 && (
          <div className="muted nowrap">{s.queues.map((q) => `${q.letter} ${q.waiting}`).join(' · ')}</div>
        )}
      </td>
      <td>{minutes(row.longestWaitMs)}</td>
      <td>{s.servedToday}</td>
      <td>{s.countersOpen}</td>
      <td>{row.devicesOnline}</td>
      <td>{row.devicesOffline}</td>
      <td className="nowrap">{row.lastSyncAt === null ? '—' : time(row.lastSyncAt)}</td>
      <td>
        {s.printerFaults > 0 ? (
          <a href={href({ screen: 'health', station: s.id })} className="fault">
            {s.printerFaults}
          </a>
        ) : (
          0
        )}
      </td>
      <td className="nowrap" data-testid={`hub-${s.id}`}>
        {s.hub === null ? (
          <span className="muted">{t('overview.hub.none')}</span>
        ) : (
          <>
            {s.hub.lastContactAt === null
              ? t('overview.hub.never')
              : t('overview.hub.contact', { time: time(s.hub.lastContactAt) })}
            <div className="muted">
              {s.hub.waiting === null
                ? t('overview.hub.noReport')
                : t('overview.hub.waiting', { count: s.hub.waiting })}
            </div>
          </>
        )}
      </td>
    </tr>
  );
}
