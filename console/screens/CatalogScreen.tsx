/** The catalog: every item the operator may see, searched and filtered on the server, a page at a time. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import { href } from '#console/app/routing.ts';
import { useOperator } from '#console/app/session.tsx';
import type { Meta, Page, ServiceItem } from '#console/app/types.ts';

const LIMIT = 50;

export function CatalogScreen() {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const operator = useOperator();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [department, setDepartment] = useState('');
  const [stationId, setStationId] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<ServiceItem> | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    void api.get<Meta>('/meta').then(setMeta, () => undefined);
  }, []);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .get<Page<ServiceItem>>(
          `/services${query({ q, category, department, stationId: stationId.trim() || undefined, limit: LIMIT, offset })}`,
        )
        .then(
          (p) => current && setPage(p),
          (error: unknown) => current && setNotice({ kind: 'error', text: errorText(error, t) }),
        );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, category, department, stationId, offset, reload, t]);

  const importFile = async (file: File) => {
    try {
      const text = await file.text();
      const data: unknown = /\.ya?ml$/i.test(file.name) ? parseYaml(text) : JSON.parse(text);
      const summary = await api.post<{ stationId: string; services: Record<string, number> }>('/catalog/import', data);
      const s = summary.services;
      setNotice({ kind: 'ok', text: t('catalog.imported', { station: summary.stationId, ...s }) });
      setReload((n) => n + 1);
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, t) });
    }
  };

  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setOffset(0);
  };

  return (
    <section data-testid="screen-catalog">
      <div className="title-row">
        <h1>{t('catalog.title')}</h1>
        {operator.role !== 'viewer' && (
          <label className="btn file-button">
            {t('catalog.import')}
            <input
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importFile(file);
                e.target.value = '';
              }}
              data-testid="catalog-import"
            />
          </label>
        )}
      </div>
      {notice && <Notice kind={notice.kind} text={notice.text} />}
      <div className="filters" role="search">
        <label>
          {t('catalog.search')}
          <input type="search" value={q} onChange={(e) => filter(setQ)(e.target.value)} data-testid="catalog-search" />
        </label>
        <label>
          {t('catalog.category')}
          <select value={category} onChange={(e) => filter(setCategory)(e.target.value)} data-testid="catalog-category">
            <option value="">{t('catalog.all')}</option>
            {(meta?.categories ?? []).map((c) => (
              <option key={c} value={c}>
                {t(`resident:category.${c}.name`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalog.department')}
          <select value={department} onChange={(e) => filter(setDepartment)(e.target.value)}>
            <option value="">{t('catalog.all')}</option>
            {(meta?.departments ?? []).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalog.station')}
          <input
            value={stationId}
            placeholder={t('catalog.stationPlaceholder')}
            onChange={(e) => filter(setStationId)(e.target.value)}
            data-testid="catalog-station"
          />
        </label>
      </div>
      <table className="list" data-testid="catalog-list">
        <thead>
          <tr>
            <th scope="col">{t('catalog.name')}</th>
            <th scope="col">{t('catalog.category')}</th>
            <th scope="col">{t('catalog.department')}</th>
            <th scope="col">{t('catalog.scope')}</th>
            <th scope="col">{t('catalog.queue')}</th>
            <th scope="col">{t('catalog.ticket')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map(({ service }) => (
            <tr key={service.id}>
              <td>
                <a href={href({ screen: 'service', id: service.id })} data-testid={`service-${service.id}`}>
                  {service.name[lang]}
                </a>
                <div className="muted">{service.id}</div>
              </td>
              <td>{t(`resident:category.${service.category}.name`)}</td>
              <td>{service.department?.[lang] ?? '—'}</td>
              <td>{service.stationId === '' ? t('catalog.district') : service.stationId}</td>
              <td>{service.queue}</td>
              <td>{service.ticket ? t('common.yes') : t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}
    </section>
  );
}
