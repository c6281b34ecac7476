/** Hash routes (#/catalog/gov-1): every screen has its own address, and the server serves one page. */
import { useEffect, useState } from 'react';

export type Route =
  | { screen: 'catalog' }
  | { screen: 'service'; id: string }
  | { screen: 'stations' }
  | { screen: 'station-new' }
  | { screen: 'station'; id: string; tab: 'overview' | 'edit' | 'devices' | 'staff' }
  | { screen: 'audit' }
  | { screen: 'reports' }
  | { screen: 'overview' }
  | { screen: 'health'; station?: string }
  | { screen: 'cases' }
  | { screen: 'case'; id: string }
  | { screen: 'needs' }
  | { screen: 'appointments'; station?: string; day?: string };

export function parseRoute(hash: string): Route {
  const [first, second, third] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (first === 'catalog' && second) return { screen: 'service', id: second };
  if (first === 'stations' && second === 'new') return { screen: 'station-new' };
  if (first === 'stations' && second) {
    const tab = third === 'edit' || third === 'devices' || third === 'staff' ? third : 'overview';
    return { screen: 'station', id: second, tab };
  }
  if (first === 'stations') return { screen: 'stations' };
  if (first === 'audit') return { screen: 'audit' };
  if (first === 'reports') return { screen: 'reports' };
  if (first === 'overview') return { screen: 'overview' };
  if (first === 'needs') return { screen: 'needs' };
  if (first === 'appointments')
    return { screen: 'appointments', ...(second ? { station: second } : {}), ...(third ? { day: third } : {}) };
  if (first === 'cases') return second ? { screen: 'case', id: second } : { screen: 'cases' };
  if (first === 'health') return second ? { screen: 'health', station: second } : { screen: 'health' };
  return { screen: 'catalog' };
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'catalog':
      return '#/catalog';
    case 'service':
      return `#/catalog/${encodeURIComponent(route.id)}`;
    case 'stations':
      return '#/stations';
    case 'station-new':
      return '#/stations/new';
    case 'station':
      return `#/stations/${encodeURIComponent(route.id)}${route.tab === 'overview' ? '' : `/${route.tab}`}`;
    case 'audit':
      return '#/audit';
    case 'reports':
      return '#/reports';
    case 'overview':
      return '#/overview';
    case 'health':
      return route.station ? `#/health/${encodeURIComponent(route.station)}` : '#/health';
    case 'cases':
      return '#/cases';
    case 'case':
      return `#/cases/${encodeURIComponent(route.id)}`;
    case 'needs':
      return '#/needs';
    case 'appointments':
      return `#/appointments${route.station ? `/${encodeURIComponent(route.station)}${route.day ? `/${route.day}` : ''}` : ''}`;
  }
}

export function go(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
