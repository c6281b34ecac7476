/**
 * An editor's live check: the draft is sent to the server's own rules (the one
 * source of them) a moment after the operator stops typing, and the problems
 * come back per field. `checking` is true from the first change until the answer
 * for the current draft is in, so the editor can keep its save button off and
 * mark the form aria-busy: the problems that appear or vanish when the answer
 * lands move the buttons below them, and a click sent while the form is busy can
 * land on whatever moved under the pointer.
 */
import { useEffect, useState } from 'react';
import { api } from './api.ts';
import type { FieldIssue } from './types.ts';

/** The pause after the last change before the draft is checked. */
const CHECK_AFTER_MS = 250;

/** `body` must keep its identity while the draft is unchanged (memoise it on the draft). */
export function useLiveValidation(path: string, body: unknown): { issues: FieldIssue[]; checking: boolean } {
  // The answer remembers the draft it is for, so `checking` turns true in the very render that changed the draft.
  const [answer, setAnswer] = useState<{ for: unknown; issues: FieldIssue[] }>({ for: undefined, issues: [] });
  useEffect(() => {
    if (body === null || body === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      api.post<{ issues: FieldIssue[] }>(path, body).then(
        (r) => current && setAnswer({ for: body, issues: r.issues }),
        // The server's own save refuses what it refuses; an unanswered check leaves the old problems shown.
        () => current && setAnswer((a) => ({ for: body, issues: a.issues })),
      );
    }, CHECK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path, body]);
  return { issues: answer.issues, checking: body !== null && body !== undefined && answer.for !== body };
}
