/** The resident kiosk: the shell plus whichever screen the route names. */
import { credentialRefused } from '#client/status.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { useSyncStatus } from '#renderer/app/useSyncStatus.ts';
import { AppointmentScreen } from './AppointmentScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { NeedsScreen, NeedThanksScreen } from './NeedsScreen.tsx';
import { PausedScreen } from './PausedScreen.tsx';
import { PriorityScreen } from './PriorityScreen.tsx';
import { ResidentShell } from './ResidentShell.tsx';
import { ServiceDetailScreen } from './ServiceDetailScreen.tsx';
import { ServiceListScreen } from './ServiceListScreen.tsx';
import { TicketScreen } from './TicketScreen.tsx';

function CurrentScreen() {
  const { route } = useNavigation();
  const { connection } = useSyncStatus();
  // A device the district refuses cannot serve anyone (see PausedScreen).
  if (credentialRefused(connection)) return <PausedScreen />;
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'services':
      return <ServiceListScreen categoryId={route.categoryId} />;
    case 'detail':
      return <ServiceDetailScreen serviceId={route.serviceId} categoryId={route.categoryId} />;
    case 'priority':
      return <PriorityScreen serviceId={route.serviceId} />;
    case 'ticket':
      return <TicketScreen ticketId={route.ticketId} />;
    case 'needs':
      return <NeedsScreen />;
    case 'needThanks':
      return <NeedThanksScreen />;
    case 'appointment':
      return <AppointmentScreen />;
  }
}

export function ResidentApp() {
  return (
    <ResidentShell>
      <CurrentScreen />
    </ResidentShell>
  );
}
