/** The staff counter (placeholder until the staff feature lands). */
export function StaffApp() {
  return <main data-testid="screen-staff" />;
}
