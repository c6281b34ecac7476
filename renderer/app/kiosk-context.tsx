/** What every screen needs: the local database, this device's config, its station and catalog. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { DeviceConfig } from '#ipc/contract.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';
import type { DistrictSync } from '#client/device-replication.ts';

export interface KioskContextValue {
  db: KioskDatabase;
  config: DeviceConfig;
  station: StationDoc;
  /** The catalog as the device has it now; updates live when the catalog changes. */
  services: ServiceDoc[];
  /** Replication with the district, or null when the device works on its own. */
  sync: DistrictSync | null;
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
  sync: DistrictSync | null;
  children: ReactNode;
}

/** Keeps station and catalog subscribed, so an edit from the district shows without a restart. */
export function KioskProvider({ db, config, initialStation, initialServices, sync, children }: ProviderProps) {
  const [station, setStation] = useState(initialStation);
  const [services, setServices] = useState(initialServices);
  useEffect(() => {
    const subs = [
      db.stations.findOne(config.stationId).$.subscribe((doc) => {
        if (doc) setStation(doc.toJSON() as StationDoc);
      }),
      db.services.find({ selector: { stationId: { $in: ['', config.stationId] } } }).$.subscribe((docs) => {
        setServices(docs.map((d) => d.toJSON() as ServiceDoc));
      }),
    ];
    return () => subs.forEach((s) => s.unsubscribe());
  }, [db, config.stationId]);
  return <KioskContext.Provider value={{ db, config, station, services, sync }}>{children}</KioskContext.Provider>;
}
