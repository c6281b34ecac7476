/**
 * Where the built app keeps its parts, relative to the app folder (the repository
 * in development, `resources/app.asar` when packaged). Electron's main process and
 * the browser host read the same layout.
 */
import { join } from 'node:path';

/** Paths of the built app's parts. */
export interface AppLayout {
  /** The Vite build of the renderer. */
  rendererDir: string;
  /** The bundled preload script (scripts/build-electron.mjs). */
  preloadPath: string;
  demoCatalogPath: string;
}

/** The layout of the app folder `appDir`. */
export function appLayout(appDir: string): AppLayout {
  return {
    rendererDir: join(appDir, 'dist', 'renderer'),
    preloadPath: join(appDir, 'dist', 'electron', 'preload.cjs'),
    demoCatalogPath: join(appDir, 'assets', 'catalog', 'demo-catalog.json'),
  };
}
