/** The resident kiosk: the shell plus whichever screen the route names. */
import { useNavigation } from '#renderer/app/navigation.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { NeedsScreen, NeedThanksScreen } from './NeedsScreen.tsx';
import { ResidentShell } from './ResidentShell.tsx';
import { ServiceDetailScreen } from './ServiceDetailScreen.tsx';
import { ServiceListScreen } from './ServiceListScreen.tsx';
import { TicketScreen } from './TicketScreen.tsx';

function CurrentScreen() {
  const { route } = useNavigation();
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'services':
      return <ServiceListScreen categoryId={route.categoryId} />;
    case 'detail':
      return <ServiceDetailScreen serviceId={route.serviceId} />;
    case 'ticket':
      return <TicketScreen ticketId={route.ticketId} />;
    case 'needs':
      return <NeedsScreen />;
    case 'needThanks':
      return <NeedThanksScreen />;
  }
}

export function ResidentApp() {
  return (
    <ResidentShell>
      <CurrentScreen />
    </ResidentShell>
  );
}
