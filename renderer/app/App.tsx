/** The React root: i18n, error boundary, boot, then the screen for this device's role. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { DEFAULT_LANG, isLang } from '#protocol/languages.ts';
import type { DeviceRole } from '#ipc/contract.ts';
import type { SetupState } from '#ipc/contract.ts';
import { ResidentApp } from '#renderer/features/resident/ResidentApp.tsx';
import { createI18n } from '#renderer/i18n/i18n.ts';
import { boot, SETUP_HASH, setupWanted, type Booted } from './boot.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorScreen } from './ErrorScreen.tsx';
import { KioskProvider } from './kiosk-context.tsx';
import { NavigationProvider } from './navigation.tsx';

const LANG_KEY = 'doorstep.lang';

// The kiosk's resident screens are in the main bundle; a counter, a display and the
// technician's setup load their own part, so a kiosk's cold start does not parse them.
const StaffApp = lazy(() => import('#renderer/features/staff/StaffApp.tsx').then((m) => ({ default: m.StaffApp })));
const DisplayApp = lazy(() =>
  import('#renderer/features/display/DisplayApp.tsx').then((m) => ({ default: m.DisplayApp })),
);
const SetupApp = lazy(() => import('#renderer/features/setup/SetupApp.tsx').then((m) => ({ default: m.SetupApp })));

function Loading() {
  const { t } = useTranslation();
  return (
    <main className="loading" aria-busy="true">
      <p className="lead">{t('loading')}</p>
    </main>
  );
}

/**
 * Which screen this window shows: the device's role, or the calling display when
 * a kiosk or counter opens it as a second window (`#display`).
 */
function screenRole(role: DeviceRole): DeviceRole {
  return location.hash === '#display' ? 'display' : role;
}

function RoleApp({ role }: { role: DeviceRole }) {
  switch (role) {
    case 'kiosk':
      return (
        <NavigationProvider>
          <ResidentApp />
        </NavigationProvider>
      );
    case 'counter':
      return (
        <Suspense fallback={<Loading />}>
          <StaffApp />
        </Suspense>
      );
    case 'display':
      return (
        <Suspense fallback={<Loading />}>
          <DisplayApp />
        </Suspense>
      );
  }
}

function Booting() {
  const [booted, setBooted] = useState<Booted | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const { i18n } = useTranslation();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    boot().then(
      (b) => {
        // A reload mid-flow keeps the language the resident chose; a fresh start uses the device's default.
        if (!sessionStorage.getItem(LANG_KEY)) void i18n.changeLanguage(b.config.defaultLang);
        setBooted(b);
      },
      (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))),
    );
  }, [i18n]);
  if (error) return <ErrorScreen detail={error.message} onRetry={() => location.reload()} />;
  if (!booted) return <Loading />;
  return (
    <KioskProvider
      db={booted.db}
      config={booted.config}
      initialStation={booted.station}
      initialServices={booted.services}
      sync={booted.sync}
    >
      <RoleApp role={screenRole(booted.config.role)} />
    </KioskProvider>
  );
}

/** Setup or the kiosk: decided before boot, because boot would seed the demo catalog on a device that is not enrolled. */
function Entry() {
  const [route, setRoute] = useState<{ setup: SetupState | null } | null>(null);
  useEffect(() => {
    let cancelled = false;
    void setupWanted().then((setup) => !cancelled && setRoute({ setup }));
    // A technician who types `#setup` into a running kiosk gets the setup screens.
    const onHash = () => location.hash === SETUP_HASH && location.reload();
    window.addEventListener('hashchange', onHash);
    return () => {
      cancelled = true;
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  if (!route) return <Loading />;
  return route.setup ? (
    <Suspense fallback={<Loading />}>
      <SetupApp initial={route.setup} />
    </Suspense>
  ) : (
    <Booting />
  );
}

export function App() {
  const i18n = useMemo(() => {
    const saved = sessionStorage.getItem(LANG_KEY);
    return createI18n(isLang(saved) ? saved : DEFAULT_LANG);
  }, []);
  useEffect(() => {
    const remember = (lng: string) => sessionStorage.setItem(LANG_KEY, lng);
    i18n.on('languageChanged', remember);
    return () => i18n.off('languageChanged', remember);
  }, [i18n]);
  return (
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary>
        <Entry />
      </ErrorBoundary>
    </I18nextProvider>
  );
}
