/**
 * The first catalog download after enrolment, shown live: the district sends the
 * station and its services in pages, and the count grows as they arrive. Done
 * when the station is here, services are here and the first pull has finished.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationDoc } from '#protocol/schemas.ts';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import { pick } from '#renderer/app/localized.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { callDevice } from '#renderer/platform/platform.ts';
import { localReplica } from './local-replica.ts';

export function DownloadStep({ onDone }: { onDone(): void }) {
  const { t, i18n } = useTranslation('setup');
  const lang = isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
  const [station, setStation] = useState<StationDoc | null>(null);
  const [services, setServices] = useState(0);
  const [pulled, setPulled] = useState(false);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const subs: { unsubscribe(): void }[] = [];
    void (async () => {
      const [{ db, sync }, config] = await Promise.all([localReplica(), callDevice('config:get', null)]);
      if (cancelled) return;
      subs.push(
        db.stations
          .findOne(config.stationId)
          .$.subscribe((doc) => setStation(doc ? (doc.toJSON() as StationDoc) : null)),
        db.services
          .find({ selector: { stationId: { $in: ['', config.stationId] } } })
          .$.subscribe((docs) => setServices(docs.length)),
      );
      if (sync) {
        subs.push(sync.status$.subscribe((s) => setOffline(s.connection === 'offline')));
        await sync.awaitInSync();
        if (!cancelled) setPulled(true);
      }
    })();
    return () => {
      cancelled = true;
      subs.forEach((s) => s.unsubscribe());
    };
  }, []);

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
