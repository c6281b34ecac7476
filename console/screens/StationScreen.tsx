/** One station: its summary and catalog files, its devices, its staff. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSOLE_API_PREFIX } from '#protocol/api.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import { canChange } from '#protocol/operator-roles.ts';
import type { StationDetail } from '#console/app/types.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';

type Tab = 'overview' | 'devices' | 'staff';

export function StationScreen({ id, tab }: { id: string; tab: Tab }) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [station, setStation] = useState<StationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .get<StationDetail>(`/stations/${encodeURIComponent(id)}`)
      .then(setStation, (e: unknown) => setError(errorText(e, t)));
  }, [id, t]);
  useEffect(load, [load]);

  if (error) return <Notice kind="error" text={error} />;
  if (!station) return <p>{t('common.loading')}</p>;
  const canEdit = canChange(operator, station.street);
  const doc = station.doc;
  const exportUrl = (format: 'json' | 'yaml') =>
    `${CONSOLE_API_PREFIX}/catalog/export?stationId=${encodeURIComponent(station.id)}&format=${format}`;

  return (
    <section data-testid="screen-station">
      <p className="crumbs">
        <a href={href({ screen: 'stations' })}>{t('stations.title')}</a> › {station.id}
      </p>
      <div className="title-row">
        <h1>{doc?.name[lang] ?? station.name}</h1>
        {canEdit && (
          <a className="btn" href={href({ screen: 'station', id, tab: 'edit' })} data-testid="edit-station">
            {t('stations.edit')}
          </a>
        )}
      </div>
      <nav className="tabs" aria-label={t('stations.sections')}>
        {(['overview', 'devices', 'staff'] as const).map((name) => (
          <a
            key={name}
            href={href({ screen: 'station', id, tab: name })}
            aria-current={tab === name ? 'page' : undefined}
            data-testid={`tab-${name}`}
          >
            {t(`stations.tab.${name}`)}
          </a>
        ))}
      </nav>
      {tab === 'overview' && (
        <div className="overview">
          <dl className="facts">
            <dt>{t('stations.id')}</dt>
            <dd>{station.id}</dd>
            <dt>{t('stations.street')}</dt>
            <dd>{station.street || '—'}</dd>
            <dt>{t('stations.address')}</dt>
            <dd>{doc?.address[lang] ?? '—'}</dd>
            <dt>{t('stations.devices')}</dt>
            <dd>{station.devices}</dd>
          </dl>
          <h2>{t('stations.queues')}</h2>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('stations.letter')}</th>
                <th scope="col">{t('stations.queueName')}</th>
                <th scope="col">{t('stations.location')}</th>
              </tr>
            </thead>
            <tbody>
              {doc?.queues.map((q) => (
                <tr key={q.letter}>
                  <td>{q.letter}</td>
                  <td>{q.name[lang]}</td>
                  <td>{q.location[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('stations.counters')}</h2>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('stations.counterId')}</th>
                <th scope="col">{t('stations.counterName')}</th>
                <th scope="col">{t('stations.counterQueues')}</th>
              </tr>
            </thead>
            <tbody>
              {(doc?.counters ?? []).map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.name[lang]}</td>
                  <td>{c.queues.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {doc && (
            <p className="actions-left">
              <a className="btn" href={exportUrl('json')} download data-testid="export-json">
                {t('stations.exportJson')}
              </a>
              <a className="btn" href={exportUrl('yaml')} download data-testid="export-yaml">
                {t('stations.exportYaml')}
              </a>
            </p>
          )}
        </div>
      )}
      {tab === 'devices' && <DevicesPanel station={station} canEdit={canEdit} onChanged={load} />}
      {tab === 'staff' && <StaffPanel station={station} canEdit={canEdit} onChanged={load} />}
    </section>
  );
}
