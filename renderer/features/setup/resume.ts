/**
 * Where the setup wizard continues after the page reloads. Enrolment reloads the
 * page (so the page's security policy and boot see the new district); the wizard
 * then goes on with the catalog download. Kept in sessionStorage: a closed app
 * starts fresh, and an enrolled device needs no wizard.
 */
export type ResumeStep = 'download';

const KEY = 'doorstep.setup.resume';

export function resumeStep(): ResumeStep | null {
  return sessionStorage.getItem(KEY) === 'download' ? 'download' : null;
}

export function setResumeStep(step: ResumeStep | null): void {
  if (step) sessionStorage.setItem(KEY, step);
  else sessionStorage.removeItem(KEY);
}
