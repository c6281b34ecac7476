/** Every change, newest first: who, when, what, and the before and after. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice, Pager } from '#console/app/fields.tsx';
import type { AuditEntry } from '#console/app/types.ts';

const LIMIT = 50;

export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; entries: AuditEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  useEffect(() => {
    api
      .get<{ total: number; entries: AuditEntry[] }>(`/audit${query({ limit: LIMIT, offset })}`)
      .then(setPage, (e: unknown) => setError(errorText(e, t)));
  }, [offset, t]);

  return (
    <section data-testid="screen-audit">
      <h1>{t('audit.title')}</h1>
      {error && <Notice kind="error" text={error} />}
      <table className="list audit" data-testid="audit-list">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.change')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.entries.map((e) => (
            <tr key={e.id} data-testid={`audit-${e.action}`}>
              <td>{when.format(new Date(e.at))}</td>
              <td>{e.actor}</td>
              <td>{t(`audit.action.${e.action}`, { defaultValue: e.action })}</td>
              <td>
                {t(`audit.targetType.${e.targetType}`, { defaultValue: e.targetType })} {e.targetId}
                {e.stationId && e.stationId !== e.targetId ? ` · ${e.stationId}` : ''}
              </td>
              <td>
                {(e.before !== null || e.after !== null) && (
                  <details>
                    <summary>{t('audit.details')}</summary>
                    <div className="diff">
                      <div>
                        <h3>{t('audit.before')}</h3>
                        <pre>{e.before === null ? '—' : JSON.stringify(e.before, null, 2)}</pre>
                      </div>
                      <div>
                        <h3>{t('audit.after')}</h3>
                        <pre>{e.after === null ? '—' : JSON.stringify(e.after, null, 2)}</pre>
                      </div>
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && <Pager offset={offset} limit={LIMIT} total={page.total} onOffset={setOffset} />}
    </section>
  );
}
