/**
 * The catalog file format ("doorstep-catalog/1"): one station with its queues plus
 * district-wide and station-specific service items. The demo catalog in
 * assets/catalog is one such file; the district operator imports others.
 * Validation names the entry that is wrong, so a person can fix the file.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { serviceSchemaLiteral, stationSchemaLiteral, type ServiceDoc, type StationDoc } from './schemas.ts';

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
  const errors: string[] = [];
  const letters = new Set(file.station.queues.map((q) => q.letter));
  if (letters.size !== file.station.queues.length) errors.push('station.queues has the same letter twice');
  for (const counter of file.station.counters ?? []) {
    for (const letter of counter.queues) {
      if (!letters.has(letter))
        errors.push(`station.counters "${counter.id}": queue "${letter}" is not one of the station's queues`);
    }
  }
  const counterIds = (file.station.counters ?? []).map((c) => c.id);
  if (new Set(counterIds).size !== counterIds.length) errors.push('station.counters has the same id twice');
  const staffIds = (file.station.staff ?? []).map((s) => s.id);
  if (new Set(staffIds).size !== staffIds.length) errors.push('station.staff has the same id twice');
  const seen = new Set<string>();
  file.services.forEach((s, i) => {
    const label = `service #${i + 1} (id "${s.id}")`;
    if (seen.has(s.id)) errors.push(`${label} uses an id that an earlier service already has`);
    seen.add(s.id);
    if (!letters.has(s.queue)) errors.push(`${label}: queue "${s.queue}" is not one of the station's queues`);
    const counts = new Set(Object.values(s.bring).map((list) => list.length));
    if (counts.size > 1) errors.push(`${label}: bring lists differ in length between languages`);
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
