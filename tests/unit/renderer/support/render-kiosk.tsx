/**
 * Renders a device's screens the way boot does: the real renderer database factory
 * (with RxDB's memory storage instead of IndexedDB), the demo catalog seeded by the
 * real seeding code, the real i18n and navigation. Only the device itself is a
 * stand-in (fake-device.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { DeviceConfig } from '#ipc/contract.ts';
import { parseCatalogText } from '#protocol/catalog.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { KioskProvider } from '#renderer/app/kiosk-context.tsx';
import { NavigationProvider } from '#renderer/app/navigation.tsx';
import { createKioskDatabase, type KioskDatabase } from '#renderer/db/database.ts';
import { seedCatalogIfEmpty } from '#renderer/db/seed.ts';
import { ResidentApp } from '#renderer/features/resident/ResidentApp.tsx';
import { createI18n } from '#renderer/i18n/i18n.ts';
import { defaultDeviceConfig } from '#services/device-config.ts';

// Read from the project root: happy-dom replaces the global URL, so no file: URL here.
const catalogFile = join(process.cwd(), 'assets/catalog/demo-catalog.json');

export interface KioskView {
  db: KioskDatabase;
  i18n: ReturnType<typeof createI18n>;
  config: DeviceConfig;
  user: ReturnType<typeof userEvent.setup>;
  /** Unmounts and closes the database. */
  close(): Promise<void>;
}

/** Opens a seeded database and renders `screens` (the resident kiosk unless given) inside the app's providers. */
export async function renderKiosk(
  options: { config?: Partial<DeviceConfig>; screens?: ReactNode; user?: Parameters<typeof userEvent.setup>[0] } = {},
): Promise<KioskView> {
  const parsed = parseCatalogText(readFileSync(catalogFile, 'utf8'));
  if (!parsed.ok) throw new Error(`demo catalog: ${parsed.errors.join('; ')}`);
  const db = await createKioskDatabase(`test-${crypto.randomUUID()}`, getRxStorageMemory());
  await seedCatalogIfEmpty(db, async () => parsed.value);
  const config: DeviceConfig = {
    ...defaultDeviceConfig('kiosk-under-test'),
    stationId: parsed.value.station.id,
    ...options.config,
  };
  const station = (await db.stations.findOne(config.stationId).exec())?.toJSON() as StationDoc;
  const services = (await db.services.find().exec()).map((d) => d.toJSON() as ServiceDoc);
  const i18n = createI18n(config.defaultLang);
  const user = userEvent.setup(options.user);
  const view = render(
    <I18nextProvider i18n={i18n}>
      <KioskProvider db={db} config={config} initialStation={station} initialServices={services} sync={null}>
        {options.screens ?? (
          <NavigationProvider>
            <ResidentApp />
          </NavigationProvider>
        )}
      </KioskProvider>
    </I18nextProvider>,
  );
  return {
    db,
    i18n,
    config,
    user,
    close: async () => {
      view.unmount();
      await db.close();
    },
  };
}
