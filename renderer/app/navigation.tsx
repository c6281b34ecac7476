/**
 * The resident's screens as a small state machine. The current screen is kept in
 * sessionStorage, so a reload mid-flow comes back to the same screen — a ticket
 * that was on screen is still on screen.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { CategoryId } from '#protocol/categories.ts';

export type Route =
  | { screen: 'home' }
  | { screen: 'services'; categoryId: CategoryId }
  | { screen: 'detail'; categoryId: CategoryId; serviceId: string }
  | { screen: 'priority'; categoryId: CategoryId; serviceId: string }
  | { screen: 'ticket'; ticketId: string }
  | { screen: 'needs' }
  | { screen: 'needThanks' }
  | { screen: 'appointment' };

const STORAGE_KEY = 'doorstep.route';
const HOME: Route = { screen: 'home' };

function loadRoute(): Route[] {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Route[] | null;
    if (Array.isArray(saved) && saved.length > 0 && typeof saved[0]?.screen === 'string') return saved;
  } catch {
    // A damaged entry just means starting at home.
  }
  return [HOME];
}

interface Navigation {
  route: Route;
  /** Opens a screen on top of the current one. */
  go(route: Route): void;
  /** Replaces the current screen (e.g. detail → ticket, so "back" never re-issues). */
  replace(route: Route): void;
  back(): void;
  home(): void;
  canGoBack: boolean;
}

const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside NavigationProvider');
  return nav;
}

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [stack, setStack] = useState<Route[]>(loadRoute);
  const update = useCallback((next: (s: Route[]) => Route[]) => {
    setStack((s) => {
      const n = next(s);
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(n));
      return n;
    });
  }, []);
  const nav = useMemo<Navigation>(
    () => ({
      route: stack[stack.length - 1] ?? HOME,
      go: (route) => update((s) => [...s, route]),
      replace: (route) => update((s) => [...s.slice(0, -1), route]),
      back: () => update((s) => (s.length > 1 ? s.slice(0, -1) : s)),
      home: () => update(() => [HOME]),
      canGoBack: stack.length > 1,
    }),
    [stack, update],
  );
  return <NavigationContext.Provider value={nav}>{children}</NavigationContext.Provider>;
}
