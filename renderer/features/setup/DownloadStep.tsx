/**
 * The first catalog download after enrolment, shown live: the district sends the
 * station and its services in pages, and the count grows as they arrive. Done
 * when the station is here, services are here and the first pull has finished.
 */
import { from, map } from 'rxjs';
import { useTranslation } from 'react-i18next';
import type { StationDoc } from '#protocol/schemas.ts';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { docJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { callDevice } from '#renderer/platform/platform.ts';
import { localReplica } from './local-replica.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

export function DownloadStep({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('setup');
  const lang = useLang();
  const opened = useLiveQuery(
    () =>
      from(Promise.all([localReplica(), callDevice('config:get', null)])).pipe(
        map(([replica, config]) => ({ ...replica, config })),
      ),
    [],
    null,
  );
  const station = useLiveQuery(
    () => (opened ? docJSON<StationDoc>(opened.db.stations.findOne(opened.config.stationId)) : null),
    [opened],
    null,
  );
  const services = useLiveQuery(
    () =>
      opened?.db.services
        .find({ selector: { stationId: { $in: ['', opened.config.stationId] } } })
        .$.pipe(map((docs) => docs.length)) ?? null,
    [opened],
    0,
  );
  const offline = useLiveQuery(
    () => opened?.sync?.status$.pipe(map((s) => s.connection === 'offline')) ?? null,
    [opened],
    false,
  );
  const pulled = useLiveQuery(
    () => (opened?.sync ? from(opened.sync.awaitInSync()).pipe(map(() => true)) : null),
    [opened],
    false,
  );

  const done = pulled && station !== null && services > 0;
  return (
    <section className="setup-card" data-testid="setup-download" data-done={done}>
      <h2>{t('download.title')}</h2>
      <p className="lead">{t('download.lead')}</p>
      <p data-testid="setup-download-station">
        {station ? t('download.station', { name: pick(station.name, lang) }) : t('download.stationWaiting')}
      </p>
      <p data-testid="setup-download-count" role="status" data-count={services}>
        {t('download.services', { count: services })}
      </p>
      <progress className="setup-progress" aria-label={t('download.title')} {...(done ? { value: 1, max: 1 } : {})} />
      {offline && !done && <p className="error-text">{t('download.offline')}</p>}
      {done && (
        <p className="setup-ok" data-testid="setup-download-done">
          {t('download.done')}
        </p>
      )}
      <div className="setup-actions">
        <BigButton variant="primary" data-testid="setup-next" disabled={!done} onClick={onDone}>
          {t('next')}
        </BigButton>
      </div>
    </section>
  );
}
