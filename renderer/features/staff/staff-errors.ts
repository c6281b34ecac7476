/**
 * What went wrong, in the staff member's language: each error code picks a sentence
 * of staff.json, so no device or lifecycle message (English, for the log) ever lands
 * inside a translated sentence.
 */
import type { TFunction } from 'i18next';
import { PRINTER_FAULT_CODES } from '#ipc/errors.ts';
import type { ActionError } from '#renderer/db/ticket-actions.ts';
import type { TicketAction } from '#protocol/ticket-lifecycle.ts';

/** Codes of a refused ticket action, each with a sentence in staff.json's `error` group. */
export const ACTION_ERROR_CODES = [
  'illegal_transition',
  'transfer_needs_target',
  'not_found',
] as const satisfies readonly ActionError['code'][];

/** Every printer fault has a reason of its own in staff.json's `print.reason` group; any other code is `other`. */
export const PRINT_FAILURE_CODES = PRINTER_FAULT_CODES;

type StaffT = TFunction<['staff', 'resident']>;

/** Why a ticket action was refused, for ticket `number`. */
export function actionErrorText(
  t: StaffT,
  error: ActionError,
  action: Exclude<TicketAction, 'issue'>,
  number: string,
): string {
  switch (error.code) {
    case 'illegal_transition':
      return t('staff:error.illegal_transition', {
        number,
        action: t(`staff:action.${action}`),
        status: error.status ? t(`staff:status.${error.status}`) : '?',
      });
    case 'transfer_needs_target':
      return t('staff:error.transfer_needs_target');
    case 'not_found':
      return t('staff:error.not_found', { number });
  }
}

/** Why printing ticket `number` failed, from the printer's error code. */
export function printFailureText(t: StaffT, code: string, number: string): string {
  const known = (PRINT_FAILURE_CODES as readonly string[]).includes(code);
  return t('staff:print.failed', { number, reason: t(`staff:print.reason.${known ? code : 'other'}`) });
}
