/**
 * The resident's large-text mode: content text 1.5× (the `--t-content` step in
 * styles.css), switched by one button on every resident screen. It is kept in
 * sessionStorage like the chosen language, so a reload mid-flow keeps it, and
 * the idle reset turns it off for the next resident.
 */
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'doorstep.largeText';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

let current = read();

/** Puts the mode (or, with `false`, its absence) on the root element, where styles.css turns it into the content text size. */
export function applyLargeText(on: boolean = current): void {
  if (on) document.documentElement.dataset.textSize = 'large';
  else delete document.documentElement.dataset.textSize;
}

export function setLargeText(on: boolean): void {
  current = on;
  try {
    if (on) sessionStorage.setItem(STORAGE_KEY, '1');
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the mode still holds until the page reloads.
  }
  applyLargeText(on);
  for (const l of listeners) l();
}

export function useLargeText(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => current,
  );
}
