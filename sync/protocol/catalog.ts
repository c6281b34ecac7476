/**
 * The catalog file format ("doorstep-catalog/1"): one station with its queues plus
 * district-wide and station-specific service items. The demo catalog in
 * assets/catalog is one such file; the district operator imports others.
 * Validation names the entry that is wrong, so a person can fix the file.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { serviceSchemaLiteral, stationSchemaLiteral, type ServiceDoc, type StationDoc } from './schemas.ts';
import { minutesOfDay } from './schedule.ts';

export const CATALOG_FORMAT = 'doorstep-catalog/1';

const { stationId: _stationId, ...serviceFileProperties } = serviceSchemaLiteral.properties;

const catalogFileSchema = {
  type: 'object',
  properties: {
    format: { const: CATALOG_FORMAT },
    station: stationSchemaLiteral,
    services: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        properties: { ...serviceFileProperties, scope: { type: 'string', enum: ['district', 'station'] } },
        required: ['scope', ...serviceSchemaLiteral.required.filter((k) => k !== 'stationId')],
        additionalProperties: false,
      },
    },
  },
  required: ['format', 'station', 'services'],
  additionalProperties: false,
} as const;

/** A catalog ready to store: the station and its services with `stationId` filled in. */
export interface Catalog {
  station: StationDoc;
  services: ServiceDoc[];
}

export type CatalogResult = { ok: true; value: Catalog } | { ok: false; errors: string[] };

let validate: ReturnType<Ajv['compile']> | undefined;
function validator() {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(catalogFileSchema);
  return validate;
}

/** Turns "/services/12/name/en" into 'service #13 (id "gov-x"): name.en'. */
function describe(error: ErrorObject, data: unknown): string {
  const parts = error.instancePath.split('/').slice(1);
  let where = parts.length ? parts.join('.') : 'catalog';
  if (parts[0] === 'services' && parts[1] !== undefined) {
    const index = Number(parts[1]);
    const entry = (data as { services?: unknown[] }).services?.[index] as { id?: unknown } | undefined;
    const label = typeof entry?.id === 'string' ? ` (id "${entry.id}")` : '';
    where = `service #${index + 1}${label}` + (parts.length > 2 ? `: ${parts.slice(2).join('.')}` : '');
  }
  let what = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') what = `has unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'required') what = `is missing "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'enum') what = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return `${where} ${what}`;
}

/** One problem with one field of a service or station, for the operator's form. */
export interface FieldIssue {
  /** Dotted path inside the document, e.g. "name.en", "schedule.0.from", "queues.1.location.zh-Hant". */
  path: string;
  /** What kind of problem, for a translated message at the field. */
  code:
    | 'missing_translation'
    | 'invalid_schedule'
    | 'unknown_queue'
    | 'unknown_counter'
    | 'duplicate'
    | 'bring_mismatch'
    | 'invalid';
  message: string;
}

const LANGUAGE_KEYS = new Set(['zh-Hans', 'zh-Hant', 'en']);

function issueOf(error: ErrorObject): FieldIssue {
  const parts = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required' && LANGUAGE_KEYS.has(String(error.params.missingProperty)))
    parts.push(String(error.params.missingProperty));
  else if (error.keyword === 'required') parts.push(String(error.params.missingProperty));
  const path = parts.join('.');
  const last = parts[parts.length - 1] ?? '';
  const inSchedule = parts[0] === 'schedule' || parts[0] === 'hours';
  const code: FieldIssue['code'] = inSchedule
    ? 'invalid_schedule'
    : LANGUAGE_KEYS.has(last) && (error.keyword === 'minLength' || error.keyword === 'required')
      ? 'missing_translation'
      : 'invalid';
  return { path, code, message: `${path || 'document'} ${error.message ?? 'is invalid'}` };
}

/** Weekly slots must end after they start; the schema alone checks only the "HH:MM" shape. */
function scheduleIssues(slots: readonly { from: string; to: string }[], field: string): FieldIssue[] {
  return slots.flatMap((slot, i) =>
    slot.to <= slot.from
      ? [
          {
            path: `${field}.${i}.to`,
            code: 'invalid_schedule' as const,
            message: `${field} #${i + 1} ends before it starts`,
          },
        ]
      : [],
  );
}

/** The station's own rules beyond its schema: queue letters, counters and staff ids, opening hours. */
function stationRuleIssues(station: StationDoc): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const letters = new Set(station.queues.map((q) => q.letter));
  if (letters.size !== station.queues.length)
    issues.push({ path: 'queues', code: 'duplicate', message: 'station.queues has the same letter twice' });
  (station.counters ?? []).forEach((counter, i) => {
    for (const letter of counter.queues) {
      if (!letters.has(letter))
        issues.push({
          path: `counters.${i}.queues`,
          code: 'unknown_queue',
          message: `station.counters "${counter.id}": queue "${letter}" is not one of the station's queues`,
        });
    }
  });
  const counterIds = (station.counters ?? []).map((c) => c.id);
  if (new Set(counterIds).size !== counterIds.length)
    issues.push({ path: 'counters', code: 'duplicate', message: 'station.counters has the same id twice' });
  const staffIds = (station.staff ?? []).map((s) => s.id);
  if (new Set(staffIds).size !== staffIds.length)
    issues.push({ path: 'staff', code: 'duplicate', message: 'station.staff has the same id twice' });
  // A staff member limited to a counter the station does not have could never sign in there; removing
  // a counter silently from the list would instead widen an empty list to every counter.
  const known = new Set(counterIds);
  (station.staff ?? []).forEach((member, i) => {
    for (const counter of member.counters ?? []) {
      if (!known.has(counter))
        issues.push({
          path: `staff.${i}.counters`,
          code: 'unknown_counter',
          message: `station.staff "${member.id}": counter "${counter}" is not one of the station's counters`,
        });
    }
  });
  issues.push(...scheduleIssues(station.hours, 'hours'));
  issues.push(...appointmentSlotIssues(station.appointmentSlots ?? []));
  return issues;
}

/**
 * Appointment slots beyond their schema: one entry per service (the devices read
 * the first), ending after they start, with room for at least one slot (else the
 * service would take bookings on no day, silently).
 */
function appointmentSlotIssues(slots: NonNullable<StationDoc['appointmentSlots']>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  slots.forEach((slot, i) => {
    const at = `appointmentSlots.${i}`;
    if (seen.has(slot.serviceId))
      issues.push({
        path: `${at}.serviceId`,
        code: 'duplicate',
        message: `appointmentSlots #${i + 1}: service "${slot.serviceId}" has slots twice`,
      });
    seen.add(slot.serviceId);
    const length = minutesOfDay(slot.to) - minutesOfDay(slot.from);
    if (length <= 0)
      issues.push({
        path: `${at}.to`,
        code: 'invalid_schedule',
        message: `appointmentSlots #${i + 1} ends before it starts`,
      });
    else if (length < slot.slotMinutes)
      issues.push({
        path: `${at}.slotMinutes`,
        code: 'invalid_schedule',
        message: `appointmentSlots #${i + 1}: a ${slot.slotMinutes}-minute slot does not fit between ${slot.from} and ${slot.to}`,
      });
  });
  return issues;
}

/** A service's rules beyond its schema, given the queue letters of the station it is offered at. */
function serviceRuleIssues(service: Omit<ServiceDoc, 'stationId'>, letters: ReadonlySet<string> | null): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (letters !== null && !letters.has(service.queue))
    issues.push({
      path: 'queue',
      code: 'unknown_queue',
      message: `queue "${service.queue}" is not one of the station's queues`,
    });
  const counts = new Set(Object.values(service.bring).map((list) => list.length));
  if (counts.size > 1)
    issues.push({ path: 'bring', code: 'bring_mismatch', message: 'bring lists differ in length between languages' });
  issues.push(...scheduleIssues(service.schedule, 'schedule'));
  return issues;
}

let validateService: ReturnType<Ajv['compile']> | undefined;
let validateStation: ReturnType<Ajv['compile']> | undefined;

/**
 * Every problem of one service document, by field; [] when it can be published.
 * `stationQueues` are the letters of its station's queues (null for a district-wide
 * item, which each station maps to its own queues).
 */
export function serviceIssues(service: unknown, stationQueues: readonly string[] | null): FieldIssue[] {
  validateService ??= new Ajv({ allErrors: true, strict: false }).compile(serviceSchemaLiteral);
  if (!validateService(service)) return (validateService.errors ?? []).map(issueOf);
  return serviceRuleIssues(service as ServiceDoc, stationQueues === null ? null : new Set(stationQueues));
}

/** Every problem of one station document, by field; [] when devices can use it. */
export function stationIssues(station: unknown): FieldIssue[] {
  validateStation ??= new Ajv({ allErrors: true, strict: false }).compile(stationSchemaLiteral);
  if (!validateStation(station)) return (validateStation.errors ?? []).map(issueOf);
  return stationRuleIssues(station as StationDoc);
}

/** Validates a parsed catalog file and returns the documents to store, or every problem found. */
export function parseCatalog(data: unknown): CatalogResult {
  const check = validator();
  if (!check(data)) {
    return { ok: false, errors: (check.errors ?? []).map((e) => describe(e, data)) };
  }
  const file = data as {
    station: StationDoc;
    services: (Omit<ServiceDoc, 'stationId'> & { scope: 'district' | 'station' })[];
  };
  const errors: string[] = stationRuleIssues(file.station).map((issue) => issue.message);
  const letters = new Set(file.station.queues.map((q) => q.letter));
  const seen = new Set<string>();
  file.services.forEach((s, i) => {
    const label = `service #${i + 1} (id "${s.id}")`;
    if (seen.has(s.id)) errors.push(`${label} uses an id that an earlier service already has`);
    seen.add(s.id);
    for (const issue of serviceRuleIssues(s, letters)) errors.push(`${label}: ${issue.message}`);
  });
  if (errors.length) return { ok: false, errors };
  const services = file.services.map(({ scope, ...rest }) => ({
    ...rest,
    stationId: scope === 'station' ? file.station.id : '',
  }));
  return { ok: true, value: { station: file.station, services } };
}

/** Parses catalog text (JSON). Syntax errors come back as one readable error. */
export function parseCatalogText(text: string): CatalogResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`the catalog is not valid JSON: ${(error as Error).message}`] };
  }
  return parseCatalog(data);
}
