/** The stations the operator may see, searched and paged on the server (a district has about 1,300). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import type { Page, StationItem } from '#console/app/types.ts';

const LIMIT = 50;

export function StationsScreen() {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<StationItem> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api.get<Page<StationItem>>(`/stations${query({ q, limit: LIMIT, offset })}`).then(
        (p) => current && setPage(p),
        (e: unknown) => current && setError(errorText(e, t)),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, offset, t]);

  return (
    <section data-testid="screen-stations">
      <div className="title-row">
        <h1>{t('stations.title')}</h1>
        {operator.role === 'admin' && (
          <a className="btn btn-primary" href={href({ screen: 'station-new' })} data-testid="station-new">
            {t('stations.new')}
          </a>
        )}
      </div>
      {error && <Notice kind="error" text={error} />}
      <div className="filters" role="search">
        <label>
          {t('stations.search')}
          <input
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setOffset(0);
            }}
            data-testid="stations-search"
          />
        </label>
      </div>
      <table className="list" data-testid="stations-list">
        <thead>
          <tr>
            <th scope="col">{t('stations.name')}</th>
            <th scope="col" className="nowrap">
              {t('stations.street')}
            </th>
            <th scope="col">{t('stations.address')}</th>
            <th scope="col">{t('stations.queues')}</th>
            <th scope="col">{t('stations.devices')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((s) => (
            <tr key={s.id}>
              <td>
                <a href={href({ screen: 'station', id: s.id, tab: 'overview' })} data-testid={`station-${s.id}`}>
                  {s.doc?.name[lang] ?? s.name}
                </a>
                <div className="muted">{s.id}</div>
              </td>
              <td className="nowrap">{s.street || '—'}</td>
              <td>{s.doc?.address[lang] ?? '—'}</td>
              <td>{s.doc ? s.doc.queues.map((q) => q.letter).join(' ') : '—'}</td>
              <td>{s.devices}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}
    </section>
  );
}
