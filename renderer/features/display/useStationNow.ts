/** The current time, refreshed every few seconds: enough for an HH:MM clock and for noticing a new day. */
import { useEffect, useState } from 'react';

export function useStationNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
