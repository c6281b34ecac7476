/**
 * The station hub's life in Electron's main process: started once the app is
 * ready (without holding up the kiosk window — the screens sync with the district
 * until it answers), stopped before the app quits so its PGlite closes cleanly.
 * The hub itself runs in a child process (electron/services/hub-process.ts).
 */
import type { App } from 'electron';
import type { Logger } from '#services/logger.ts';
import type { StationHubService } from '#services/station-hub.ts';

/** Longest the quit waits for the hub; its process is ended with the app anyway. */
export const HUB_STOP_WAIT_MS = 10_000;

export function runStationHub({
  app,
  hub,
  logger,
}: {
  app: Pick<App, 'on' | 'quit'>;
  hub: Pick<StationHubService, 'start' | 'stop'>;
  logger: Pick<Logger, 'info' | 'error'>;
}): void {
  hub.start().then(
    (running) => running && logger.info('station hub started', running),
    (error: unknown) => logger.error('the station hub could not start', error),
  );
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, HUB_STOP_WAIT_MS)));
    void Promise.race([hub.stop(), waited])
      .catch((error: unknown) => logger.error('the station hub did not stop cleanly', error))
      .finally(() => {
        clearTimeout(timer);
        stopped = true;
        app.quit();
      });
  });
}
