/** The calling display (placeholder until the display feature lands). */
export function DisplayApp() {
  return <main data-testid="screen-display" />;
}
