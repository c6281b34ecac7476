/**
 * A device error in a technician's words: the code picks a plain sentence in the
 * screen's language (with the address it concerns), and the device's own message
 * stays below it as the detail, for a call to the district's support.
 */
import type { TFunction } from 'i18next';
import { ENROLMENT_ERROR_CODES, PRINTER_FAULT_CODES } from '#ipc/errors.ts';
import { DeviceCallError } from '#renderer/platform/platform.ts';

/** Codes with a sentence of their own in setup.json's `error` group. */
export const EXPLAINED_CODES = [
  ...ENROLMENT_ERROR_CODES,
  ...PRINTER_FAULT_CODES,
  'export_folder_invalid',
  'technician_pin_required',
  'technician_locked_out',
  'hub_not_verified',
  'hub_needs_enrolment',
  'hub_unavailable',
] as const;

export interface ShownError {
  code: string;
  text: string;
  detail: string;
}

/** The sentence for a device error code, with the device's message as detail. */
export function explainCode(t: TFunction<'setup'>, code: string, detail: string, address = ''): ShownError {
  const known = (EXPLAINED_CODES as readonly string[]).includes(code);
  return { code, text: known ? t(`error.${code}`, { address }) : t('setup:error.other'), detail };
}

/** The sentence and detail for an error thrown by callDevice (or anything else). */
export function explainError(t: TFunction<'setup'>, error: unknown, address = ''): ShownError {
  if (error instanceof DeviceCallError)
    return explainCode(t, error.code, error.message.replace(/^[\w:]+: /, ''), address);
  return explainCode(t, 'internal', String(error), address);
}
