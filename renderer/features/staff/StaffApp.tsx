/** The staff counter: sign in with a PIN, pick a counter, then work the queue. */
import { useState } from 'react';
import { useActivityReport } from '#renderer/app/activity.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { mayUseCounter } from '#protocol/staff-counters.ts';
import { SignIn, type StaffSession } from './SignIn.tsx';
import { StaffBoard } from './StaffBoard.tsx';
import './staff.css';

const SESSION_KEY = 'doorstep.staffSession';

function loadSession(): StaffSession | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as StaffSession | null;
    return s && typeof s.staffId === 'string' && typeof s.counterId === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function StaffApp() {
  const { station } = useKiosk();
  // A reload keeps the member signed in (same tab); a member removed by the district, or no
  // longer allowed at the counter, is signed out.
  const [session, setSession] = useState<StaffSession | null>(() => {
    const s = loadSession();
    const member = s && station.staff?.find((m) => m.id === s.staffId);
    return s && member && mayUseCounter(member, s.counterId) ? s : null;
  });
  useActivityReport(session ? 'staff-board' : 'staff-signin', {
    openTicketFlow: false,
    staffSignedIn: session !== null,
  });
  const update = (s: StaffSession | null) => {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
    setSession(s);
  };
  if (!session) {
    return (
      <main className="staff-signin-page" data-testid="screen-staff-signin">
        <SignIn onSignedIn={update} />
      </main>
    );
  }
  return <StaffBoard session={session} onSignOut={() => update(null)} />;
}
