/**
 * What a technician checks first: who the device is, whether the district answers
 * and how far apart the clocks are, whether sync is behind, how full local storage
 * is (and whether the browser may clear it), and the printer. Export writes the
 * logs and all of this to a folder, e.g. a USB stick, for the district's support.
 */
import { useCallback, useEffect, useState } from 'react';
import { EMPTY, from, switchMap } from 'rxjs';
import { useTranslation } from 'react-i18next';
import type { ClientDiagnostics, DeviceDiagnostics } from '#ipc/contract.ts';
import { credentialRefused, STANDALONE, type SyncStatus } from '#client/status.ts';
import { stationLinkText, withHub } from '#renderer/app/station-link-text.ts';
import { LANGUAGES } from '#protocol/languages.ts';
import type { RefusedWrite } from '#client/refused-writes.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { refusedWrites } from '#renderer/db/refused-writes.ts';
import { useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { SPEECH_LANG } from '#renderer/i18n/i18n.ts';
import { callDevice } from '#renderer/platform/platform.ts';
import { useVoicesInUse } from '#renderer/voice/useVoicesInUse.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { localReplica } from './local-replica.ts';
import { explainCode, explainError, type ShownError } from './setup-errors.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

/** Below this the clocks count as in step: the Date header has whole seconds. */
const CLOCK_TOLERANCE_MS = 2000;

interface Storage {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

function megabytes(bytes: number | null, lang: string): string {
  if (bytes === null) return '?';
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: bytes < 10e6 ? 1 : 0 }).format(bytes / 1e6)} MB`;
}

async function readStorage(): Promise<Storage> {
  const storage = navigator.storage as StorageManager | undefined;
  const estimate = await storage?.estimate?.().catch(() => null);
  // Asking again is harmless: the browser answers from what it already granted.
  const persisted = (await storage?.persist?.().catch(() => null)) ?? null;
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

export function DiagnosticsScreen({ onBack }: { onBack(): void }) {
  const { t, i18n } = useTranslation('setup');
  const lang = useLang();
  const locale = SPEECH_LANG[lang];
  const [device, setDevice] = useState<DeviceDiagnostics | null>(null);
  const sync = useLiveQuery<SyncStatus>(
    () => from(localReplica()).pipe(switchMap(({ sync: replica }) => replica?.status$ ?? EMPTY)),
    [],
    STANDALONE,
  );
  const [storage, setStorage] = useState<Storage | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [folder, setFolder] = useState('');
  const [exported, setExported] = useState<string[] | null>(null);
  const [exportError, setExportError] = useState<ShownError | null>(null);
  const voices = useVoicesInUse();
  const refused = useLiveQuery<RefusedWrite[]>(() => refusedWrites.changes, [], refusedWrites.all);

  const refresh = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const [d, s] = await Promise.all([callDevice('diagnostics:get', null), readStorage()]);
      setDevice(d);
      setStorage(s);
    } catch (e) {
      setError(explainError(t, e));
    } finally {
      setBusy(false);
    }
  }, [t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const exportNow = async () => {
    setExportError(null);
    setExported(null);
    const client: ClientDiagnostics = {
      connection: sync.connection,
      lastSyncedAt: sync.lastSyncedAt,
      pending: sync.pending,
      lastError: sync.lastError?.slice(0, 2000) ?? null,
      storageUsage: storage?.usage ?? null,
      storageQuota: storage?.quota ?? null,
      persisted: storage?.persisted ?? null,
    };
    try {
      setExported((await callDevice('diagnostics:export', { folder: folder.trim(), client })).files);
    } catch (e) {
      setExportError(explainError(t, e, folder.trim()));
    }
  };

  const time = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
  const district = device?.district ?? null;
  const offset = district?.clockOffsetMs ?? null;
  const clock =
    offset === null
      ? t('diag.unknown')
      : Math.abs(offset) < CLOCK_TOLERANCE_MS
        ? t('diag.clockInStep')
        : t('diag.clockValue', {
            seconds: Math.round(Math.abs(offset) / 1000),
            direction: offset > 0 ? t('diag.clockBehind') : t('diag.clockAhead'),
          });
  const printer = device?.printer;
  const printerText = !printer
    ? '…'
    : printer.kind === 'none'
      ? t('diag.noPrinter')
      : printer.problem
        ? `${printer.printer}: ${explainCode(t, printer.problem.code, printer.problem.message, printer.printer).text}`
        : t('diag.printerValue', { printer: printer.printer, state: t(`printer.paper.${printer.paper}`) });

  // The hub as this device meets it: its address, whether the device syncs through it, and
  // the hub's own report (its lag behind the district, what it holds, the devices it serves).
  const hubRows = (): [string, string, string][] => {
    const hub = withHub(sync);
    if (!hub) return [['hub', t('diag.hub'), t('diag.hubNone')]];
    const report = hub.hub;
    // "Syncing" only while something answers: with neither the hub nor the district, saying so would be untrue.
    const where = hub.link === 'alone' ? 'diag.hubUnreachable' : hub.via === 'hub' ? 'diag.hubVia' : 'diag.hubDirect';
    const rows: [string, string, string][] = [
      ['hub', t('diag.hub'), t(where, { address: hub.hubUrl ?? '' })],
      ['link', t('diag.link'), stationLinkText(t, hub)],
    ];
    if (!report) return rows;
    return [
      ...rows,
      [
        'hub-lag',
        t('diag.hubLag'),
        report.lagMs <= 0 ? t('diag.hubLagNone') : t('diag.hubLagValue', { seconds: Math.round(report.lagMs / 1000) }),
      ],
      ['hub-waiting', t('diag.hubWaiting'), String(report.waiting)],
      [
        'hub-devices',
        t('diag.hubDevices'),
        report.devices.length === 0
          ? t('diag.hubDevicesNone')
          : report.devices.map((d) => `${d.name || d.id.slice(0, 8)} (${t(`role.${d.role}`)})`).join(' · '),
      ],
    ];
  };

  const rows: [string, string, string][] = device
    ? [
        ['version', t('diag.version'), `${device.appVersion} (${device.runtime})`],
        ['device-id', t('diag.deviceId'), device.deviceId],
        ['station-id', t('diag.stationId'), device.stationId],
        ['role', t('diag.role'), t(`role.${device.role}`)],
        [
          'district',
          t('diag.district'),
          !device.districtUrl
            ? t('diag.notEnrolled')
            : `${device.districtUrl} · ${district?.reachable ? t('diag.reachableMs', { ms: district.latencyMs ?? 0 }) : `${t('diag.unreachable')}${district?.error ? ` (${district.error})` : ''}`}`,
        ],
        ['clock', t('diag.clock'), clock],
        ['sync', t('diag.sync'), t(`diag.syncState.${sync.connection}`)],
        ['last-sync', t('diag.lastSync'), sync.lastSyncedAt === null ? t('diag.never') : time(sync.lastSyncedAt)],
        ['pending', t('diag.pending'), String(sync.pending)],
        ...hubRows(),
        [
          'refused',
          t('diag.refused'),
          refused.length === 0 ? t('diag.refusedNone') : t('diag.refusedCount', { count: refused.length }),
        ],
        [
          'storage',
          t('diag.storage'),
          storage
            ? t('diag.storageValue', {
                used: megabytes(storage.usage, locale),
                quota: megabytes(storage.quota, locale),
              })
            : '…',
        ],
        [
          'persisted',
          t('diag.persisted'),
          storage?.persisted === true ? t('diag.yes') : storage?.persisted === false ? t('diag.no') : t('diag.unknown'),
        ],
        ['printer', t('diag.printer'), printerText],
        [
          'voice',
          t('diag.voice'),
          voices
            ? LANGUAGES.map((l) =>
                t('diag.voiceFor', {
                  language: i18n.getFixedT(l, 'common')('lang.self'),
                  voice:
                    voices[l].kind === 'os'
                      ? t('diag.voiceOs', { name: voices[l].name, lang: voices[l].lang })
                      : t('diag.voiceOffline', { name: voices[l].name }),
                }),
              ).join(' · ')
            : '…',
        ],
      ]
    : [];

  return (
    <section
      className="setup-card setup-diagnostics"
      data-testid="setup-diagnostics"
      data-ready={device !== null && storage !== null}
    >
      <h2>{t('diag.title')}</h2>
      {error && <ErrorNote error={error} testId="setup-diagnostics-error" />}
      {credentialRefused(sync.connection) && (
        <ErrorNote
          error={{
            code: `credential_${sync.connection}`,
            text: t(`common:sync.${sync.connection === 'revoked' ? 'revoked' : 'unrecognised'}`),
            detail: sync.lastError ?? '',
          }}
          testId="setup-device-refused"
        />
      )}
      <dl className="setup-facts">
        {rows.map(([id, label, value]) => (
          <div
            key={id}
            className="setup-fact"
            data-testid={`diag-${id}`}
            {...(id === 'district' && district ? { 'data-reachable': district.reachable } : {})}
          >
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {refused.length > 0 && (
        <ul className="setup-files" data-testid="diag-refused-list">
          {refused
            .slice(-20)
            .reverse()
            .map((r) => (
              <li key={`${r.collection}/${r.id}`} data-code={r.code}>
                {t('diag.refusedItem', { collection: r.collection, id: r.id, reason: t(`refusal.${r.code}`) })}
              </li>
            ))}
        </ul>
      )}
      <h3>{t('diag.exportTitle')}</h3>
      <div className="setup-row">
        <div className="setup-field setup-grow">
          <label htmlFor="setup-export-folder">{t('diag.folder')}</label>
          <input
            id="setup-export-folder"
            data-testid="setup-export-folder"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
          />
        </div>
        <BigButton data-testid="setup-export" disabled={folder.trim() === ''} onClick={() => void exportNow()}>
          {t('diag.export')}
        </BigButton>
      </div>
      {exported && (
        <div className="setup-ok" role="status" data-testid="setup-exported">
          <p>{t('diag.exported', { count: exported.length })}</p>
          <ul className="setup-files">
            {exported.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {exportError && <ErrorNote error={exportError} testId="setup-export-error" />}
      <div className="setup-actions">
        <BigButton onClick={onBack}>{t('back')}</BigButton>
        <BigButton variant="primary" data-testid="setup-refresh" disabled={busy} onClick={() => void refresh()}>
          {busy ? t('busy') : t('diag.refresh')}
        </BigButton>
      </div>
    </section>
  );
}
