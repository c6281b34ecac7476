/** The console's frame: sign-in first, then the navigation and the current screen. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang } from '#protocol/languages.ts';
import { api, setCsrfToken } from './api.ts';
import { href, useRoute, type Route } from './routing.ts';
import { OperatorContext } from './session.tsx';
import type { Operator, Session } from './types.ts';
import { SignInScreen } from '#console/screens/SignInScreen.tsx';
import { CatalogScreen } from '#console/screens/CatalogScreen.tsx';
import { ServiceEditor } from '#console/screens/ServiceEditor.tsx';
import { StationsScreen } from '#console/screens/StationsScreen.tsx';
import { StationScreen } from '#console/screens/StationScreen.tsx';
import { StationEditor } from '#console/screens/StationEditor.tsx';
import { AuditScreen } from '#console/screens/AuditScreen.tsx';
import { ReportsScreen } from '#console/screens/ReportsScreen.tsx';
import { OverviewScreen } from '#console/screens/OverviewScreen.tsx';
import { DeviceHealthScreen } from '#console/screens/DeviceHealthScreen.tsx';
import { CasesScreen } from '#console/screens/CasesScreen.tsx';
import { CaseScreen } from '#console/screens/CaseScreen.tsx';
import { NeedsScreen } from '#console/screens/NeedsScreen.tsx';
import { AppointmentsScreen } from '#console/screens/AppointmentsScreen.tsx';

const LANG_LABELS: Record<Lang, string> = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'catalog':
      return <CatalogScreen />;
    case 'service':
      // Keyed: moving from one editor to another by address starts from that record, not the last one's state.
      return <ServiceEditor key={route.id} id={route.id} />;
    case 'stations':
      return <StationsScreen />;
    case 'station-new':
      return <StationEditor key="new" />;
    case 'station':
      return route.tab === 'edit' ? (
        <StationEditor key={`edit:${route.id}`} id={route.id} />
      ) : (
        <StationScreen id={route.id} tab={route.tab} />
      );
    case 'audit':
      return <AuditScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'overview':
      return <OverviewScreen />;
    case 'health':
      return <DeviceHealthScreen key={route.station ?? ''} station={route.station} />;
    case 'cases':
      return <CasesScreen />;
    case 'case':
      return <CaseScreen key={route.id} id={route.id} />;
    case 'needs':
      return <NeedsScreen />;
    case 'appointments':
      return <AppointmentsScreen key={route.station ?? ''} station={route.station} day={route.day} />;
  }
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)} data-testid="lang">
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {LANG_LABELS[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);

  useEffect(() => {
    api.get<Session>('/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setOperator(s.operator);
      },
      // No session (401) or no server: either way the operator starts at sign-in, which says what is wrong.
      () => setOperator(null),
    );
  }, []);

  useEffect(() => {
    document.title = `${t(`nav.${route.screen.startsWith('station') ? 'stations' : route.screen === 'service' ? 'catalog' : route.screen === 'case' ? 'cases' : route.screen}`)} · ${t('app.title')}`;
  }, [route, t]);

  if (operator === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (operator === null)
    return (
      <SignInScreen
        languageSwitch={<LanguageSwitch />}
        onSignedIn={(s) => {
          setCsrfToken(s.csrfToken);
          setOperator(s.operator);
        }}
      />
    );

  const signOut = async () => {
    await api.delete('/session').catch(() => undefined);
    setOperator(null);
  };
  const section =
    route.screen === 'service'
      ? 'catalog'
      : route.screen.startsWith('station')
        ? 'stations'
        : route.screen === 'case'
          ? 'cases'
          : route.screen;

  return (
    <OperatorContext.Provider value={operator}>
      <div className="shell">
        <header className="topbar">
          <span className="brand">{t('app.title')}</span>
          <span className="who" data-testid="who">
            {operator.displayName} · {t(`role.${operator.role}`)}
            {operator.street ? ` · ${operator.street}` : ''}
          </span>
          <LanguageSwitch />
          <button type="button" className="btn" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        </header>
        <nav className="sidebar" aria-label={t('nav.label')}>
          <ul>
            {(
              [
                'overview',
                'catalog',
                'stations',
                'appointments',
                'health',
                'reports',
                'cases',
                'needs',
                'audit',
              ] as const
            ).map((s) => (
              <li key={s}>
                <a
                  href={href({ screen: s })}
                  aria-current={section === s ? 'page' : undefined}
                  data-testid={`nav-${s}`}
                >
                  {t(`nav.${s}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">
          <Screen route={route} />
        </main>
      </div>
    </OperatorContext.Provider>
  );
}
