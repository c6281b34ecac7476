/**
 * The device's own settings as data: first-start defaults and a validator whose
 * messages name the bad field, so a technician who edited the file by hand can
 * see what to fix. Pure: no file access (config-store.ts does that).
 */
import { DEVICE_ROLES, type DeviceConfig } from '#ipc/contract.ts';
import { DEFAULT_LANG, LANGUAGES, isLang } from '#protocol/languages.ts';
import { assertValidSlot } from '#protocol/ticket-numbering.ts';
import { checkPrinterSetting } from '#ipc/printer-config.ts';

/** The station a device belongs to before enrolment: the demo station of the demo catalog. */
export const DEMO_STATION_ID = 'pudong-demo';

/** Bounds of the idle timers. The warning lasts at least 20 s (WCAG 2.2.1). */
export const IDLE_LIMITS = {
  idleSeconds: { min: 15, max: 3600 },
  idleWarningSeconds: { min: 20, max: 600 },
} as const;

/** Length limit of ids, the same as the synced documents' `deviceId`/`stationId`. */
const ID_MAX_LENGTH = 64;

const CONFIG_KEYS: readonly (keyof DeviceConfig)[] = [
  'deviceId',
  'stationId',
  'role',
  'issuingSlot',
  'issuingSlots',
  'districtUrl',
  'defaultLang',
  'idleSeconds',
  'idleWarningSeconds',
  'printer',
  'hubUrl',
  'isHub',
];

/** Fields added after the first release: a file without them gets the default instead of being refused. */
const ADDED_LATER: Partial<Record<keyof DeviceConfig, unknown>> = {
  printer: { kind: 'none' },
  hubUrl: null,
  isHub: false,
};

/** The settings of a device on its first start: a lone demo kiosk. */
export function defaultDeviceConfig(deviceId: string): DeviceConfig {
  return {
    deviceId,
    stationId: DEMO_STATION_ID,
    role: 'kiosk',
    issuingSlot: 0,
    issuingSlots: 1,
    districtUrl: null,
    defaultLang: DEFAULT_LANG,
    idleSeconds: 90,
    idleWarningSeconds: 30,
    printer: { kind: 'none' },
    hubUrl: null,
    isHub: false,
  };
}

export type ConfigCheck = { ok: true; value: DeviceConfig } | { ok: false; errors: string[] };

function checkId(field: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '' || value.length > ID_MAX_LENGTH) {
    return `${field} must be a non-empty string of at most ${ID_MAX_LENGTH} characters`;
  }
  return null;
}

function checkInteger(field: keyof typeof IDLE_LIMITS, value: unknown): string | null {
  const { min, max } = IDLE_LIMITS[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `${field} must be a whole number of seconds from ${min} to ${max}`;
  }
  return null;
}

function checkDistrictUrl(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '')
        return null;
    } catch {
      // Falls through to the message below.
    }
  }
  return 'districtUrl must be null or an http(s) URL without user name or password';
}

/**
 * A hub address is a bare origin (the device appends the API paths) and only makes
 * sense for an enrolled device: the hub proves itself with the district's device list,
 * and a hub device needs its own address to sync through.
 */
function checkHub(hubUrl: unknown, isHub: unknown, districtUrl: unknown): string[] {
  if (typeof isHub !== 'boolean') return ['isHub must be true or false'];
  if (hubUrl === null) return isHub ? ['hubUrl must be set on the station hub device (its own address)'] : [];
  let url: URL | null;
  try {
    url = typeof hubUrl === 'string' ? new URL(hubUrl) : null;
  } catch {
    url = null;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    return [
      'hubUrl must be null or an http(s) address without user name, password or path (e.g. http://192.168.1.20:8788)',
    ];
  }
  if (districtUrl === null) return ['hubUrl needs a district: enrol the device with the district before setting a hub'];
  return [];
}

function checkSlots(slot: unknown, slots: unknown): string[] {
  if (typeof slots !== 'number') return ['issuingSlots must be a number'];
  // The numbering module owns the rule, so config and numbering can never disagree.
  try {
    assertValidSlot({ slot: 0, slots });
  } catch (error) {
    return [`issuingSlots: ${(error as Error).message}`];
  }
  if (typeof slot !== 'number') return ['issuingSlot must be a number'];
  try {
    assertValidSlot({ slot, slots });
  } catch (error) {
    return [`issuingSlot: ${(error as Error).message}`];
  }
  return [];
}

/** Checks parsed config file content; every problem names its field. */
export function checkDeviceConfig(data: unknown): ConfigCheck {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: ['the file must contain a JSON object'] };
  }
  const record: Record<string, unknown> = { ...ADDED_LATER, ...(data as Record<string, unknown>) };
  const errors: string[] = [];
  for (const key of Object.keys(record)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) errors.push(`unknown field "${key}"`);
  }
  for (const key of CONFIG_KEYS) {
    if (!(key in record)) errors.push(`${key} is missing`);
  }
  if (errors.length) return { ok: false, errors };

  const problems = [
    checkId('deviceId', record.deviceId),
    checkId('stationId', record.stationId),
    (DEVICE_ROLES as readonly unknown[]).includes(record.role)
      ? null
      : `role must be one of ${DEVICE_ROLES.join(', ')}`,
    ...checkSlots(record.issuingSlot, record.issuingSlots),
    checkDistrictUrl(record.districtUrl),
    ...checkHub(record.hubUrl, record.isHub, record.districtUrl),
    isLang(record.defaultLang) ? null : `defaultLang must be one of ${LANGUAGES.join(', ')}`,
    checkInteger('idleSeconds', record.idleSeconds),
    checkInteger('idleWarningSeconds', record.idleWarningSeconds),
    (() => {
      const printer = checkPrinterSetting(record.printer);
      return printer.ok ? null : printer.problem;
    })(),
  ].filter((problem): problem is string => problem !== null);
  if (problems.length) return { ok: false, errors: problems };
  return { ok: true, value: record as unknown as DeviceConfig };
}
