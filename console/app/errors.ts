/** An API failure in the operator's language: known codes get their own words, others the server's message. */
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';

const KNOWN = new Set([
  'network',
  'operator_forbidden',
  'csrf_invalid',
  'session_missing',
  'station_exists',
  'invalid_station',
  'invalid_service',
  'issuing_slot_taken',
  'issuing_slots_mismatch',
  'invalid_catalog',
  'service_station_mismatch',
  'case_status_order',
  'case_unknown',
  'slot_full',
  'slot_unavailable',
  'appointment_unknown',
  'appointment_closed',
]);

export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && KNOWN.has(error.code)) return t(`error.${error.code}`);
  return t('error.other', { message: error instanceof Error ? error.message : String(error) });
}
