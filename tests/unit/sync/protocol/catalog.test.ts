import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog, parseCatalogText, stationIssues } from '#protocol/catalog.ts';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { LANGUAGES } from '#protocol/languages.ts';

const demoText = readFileSync(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8');
const demo = () => JSON.parse(demoText) as { station: Record<string, unknown>; services: Record<string, unknown>[] };

describe('the demo catalog', () => {
  const result = parseCatalogText(demoText);

  it('is valid', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('has the seven categories and at least 42 district-wide items plus station items', () => {
    if (!result.ok) throw new Error('invalid');
    const { services, station } = result.value;
    const district = services.filter((s) => s.stationId === '');
    const local = services.filter((s) => s.stationId === station.id);
    expect(district.length).toBeGreaterThanOrEqual(42);
    expect(local.length).toBeGreaterThan(0);
    expect(new Set(services.map((s) => s.category))).toEqual(new Set(CATEGORY_IDS));
  });

  it('says everything in every language', () => {
    if (!result.ok) throw new Error('invalid');
    for (const s of result.value.services) {
      for (const lng of LANGUAGES) {
        expect(s.name[lng].trim(), `${s.id} name ${lng}`).not.toBe('');
        expect(s.description[lng].trim(), `${s.id} description ${lng}`).not.toBe('');
      }
    }
  });
});

describe('catalog validation names the bad entry', () => {
  it('reports a missing translation with the service number and id', () => {
    const data = demo();
    const bad = data.services[4] as { id: string; name: Record<string, string> };
    delete bad.name.en;
    const result = parseCatalog(data);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContainEqual(`service #5 (id "${bad.id}"): name is missing "en"`);
  });

  it('reports an unknown category, an unknown field and a queue the station lacks', () => {
    const data = demo();
    (data.services[0] as Record<string, unknown>).category = 'shopping';
    (data.services[1] as Record<string, unknown>).colour = 'red';
    const result = parseCatalog(data);
    expect(!result.ok && result.errors.join('\n')).toMatch(/service #1 \(id "[^"]+"\): category must be one of party/);
    expect(!result.ok && result.errors.join('\n')).toMatch(/service #2 \(id "[^"]+"\) has unknown field "colour"/);

    const data2 = demo();
    (data2.services[2] as Record<string, unknown>).queue = 'Z';
    const result2 = parseCatalog(data2);
    expect(!result2.ok && result2.errors.join('\n')).toMatch(
      /service #3 \(id "[^"]+"\): queue "Z" is not one of the station's queues/,
    );
  });

  it('reports duplicate ids and mismatched "what to bring" lists', () => {
    const data = demo();
    const first = data.services[0] as { id: string };
    (data.services[3] as { id: string }).id = first.id;
    (data.services[6] as { bring: Record<string, string[]> }).bring = {
      'zh-Hans': ['身份证'],
      'zh-Hant': [],
      en: ['ID card'],
    };
    const result = parseCatalog(data);
    expect(!result.ok && result.errors.join('\n')).toContain(
      `service #4 (id "${first.id}") uses an id that an earlier service already has`,
    );
    expect(!result.ok && result.errors.join('\n')).toMatch(/service #7 .*bring lists differ in length/);
  });

  it('reports a file that is not JSON at all, and one in the wrong format', () => {
    const broken = parseCatalogText('{"format": "doorstep-catalog/1", ');
    expect(!broken.ok && broken.errors[0]).toMatch(/not valid JSON/);
    const wrong = parseCatalog({ ...demo(), format: 'other/2' });
    expect(!wrong.ok && wrong.errors.join('\n')).toMatch(/format/);
  });
});

describe('appointment slots of a station', () => {
  const station = (appointmentSlots: unknown[]) => ({ ...demo().station, appointmentSlots });
  const slot = { serviceId: 'gov-1', days: [2], from: '09:00', to: '11:00', slotMinutes: 30, capacity: 4 };

  it('accepts a station without slots and one with valid slots', () => {
    expect(stationIssues(demo().station)).toEqual([]);
    expect(stationIssues(station([slot]))).toEqual([]);
  });

  it('names the field of each problem: no day, a capacity out of range, an end before the start, a slot too long, a service twice', () => {
    const paths = (slots: unknown[]) => stationIssues(station(slots)).map((i) => `${i.path} ${i.code}`);
    expect(
      paths([
        { ...slot, days: [] },
        { ...slot, serviceId: 'x', capacity: 0 },
      ]),
    ).toEqual(['appointmentSlots.0.days invalid', 'appointmentSlots.1.capacity invalid']);
    expect(
      paths([
        { ...slot, to: '09:00' },
        { ...slot, serviceId: 'b', slotMinutes: 180 },
        { ...slot, serviceId: 'b' },
      ]),
    ).toEqual([
      'appointmentSlots.0.to invalid_schedule',
      'appointmentSlots.1.slotMinutes invalid_schedule',
      'appointmentSlots.2.serviceId duplicate',
    ]);
  });
});
