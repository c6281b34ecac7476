/** What every screen needs: the local database, this device's config, its station and catalog. */
import { createContext, useContext, type ReactNode } from 'react';
import { filter } from 'rxjs';
import type { DeviceConfig } from '#ipc/contract.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';
import { docJSON, docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import type { StationSync } from '#client/station-endpoint.ts';

export interface KioskContextValue {
  db: KioskDatabase;
  config: DeviceConfig;
  station: StationDoc;
  /** The catalog as the device has it now; updates live when the catalog changes. */
  services: ServiceDoc[];
  /** Replication with the district, or null when the device works on its own. */
  sync: StationSync | null;
}

const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskProvider');
  return value;
}

interface ProviderProps {
  db: KioskDatabase;
  config: DeviceConfig;
  initialStation: StationDoc;
  initialServices: ServiceDoc[];
  sync: StationSync | null;
  children: ReactNode;
}

/** Keeps station and catalog subscribed, so an edit from the district shows without a restart. */
export function KioskProvider({ db, config, initialStation, initialServices, sync, children }: ProviderProps) {
  // A station document removed locally keeps the last one shown rather than blanking every screen.
  const station = useLiveQuery(
    () => docJSON<StationDoc>(db.stations.findOne(config.stationId)).pipe(filter((doc) => doc !== null)),
    [db, config.stationId],
    initialStation,
  );
  const services = useLiveQuery(
    () => docsJSON<ServiceDoc>(db.services.find({ selector: { stationId: { $in: ['', config.stationId] } } })),
    [db, config.stationId],
    initialServices,
  );
  return <KioskContext.Provider value={{ db, config, station, services, sync }}>{children}</KioskContext.Provider>;
}
