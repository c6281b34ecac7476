import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stationIssues } from '#protocol/catalog.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { mayUseCounter, usableCounters } from '#protocol/staff-counters.ts';

const demoText = readFileSync(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8');
const demoStation = () => (JSON.parse(demoText) as { station: StationDoc }).station;

describe('the counters a staff member may use', () => {
  const counters = [{ id: '1' }, { id: '2' }, { id: '3' }];

  it('are every counter when the record lists none (records made before the list existed)', () => {
    for (const member of [{}, { counters: [] }]) {
      expect(mayUseCounter(member, '2')).toBe(true);
      expect(usableCounters(member, counters)).toEqual(counters);
    }
  });

  it('are only the listed ones otherwise, in the station order', () => {
    const member = { counters: ['3', '1'] };
    expect(mayUseCounter(member, '2')).toBe(false);
    expect(mayUseCounter(member, '3')).toBe(true);
    expect(usableCounters(member, counters)).toEqual([{ id: '1' }, { id: '3' }]);
  });

  it("must be counters the station has, checked with the station's other rules", () => {
    const station = demoStation();
    expect(station.staff?.length && station.counters?.length).toBeTruthy();
    const known = station.counters![0]!.id;
    const ok = { ...station, staff: station.staff!.map((m, i) => (i === 0 ? { ...m, counters: [known] } : m)) };
    expect(stationIssues(ok)).toEqual([]);
    const bad = {
      ...station,
      staff: station.staff!.map((m, i) => (i === 0 ? { ...m, counters: [known, 'nope'] } : m)),
    };
    expect(stationIssues(bad)).toEqual([
      expect.objectContaining({ path: 'staff.0.counters', code: 'unknown_counter' }),
    ]);
    const twice = {
      ...station,
      staff: station.staff!.map((m, i) => (i === 0 ? { ...m, counters: [known, known] } : m)),
    };
    expect(stationIssues(twice).map((i) => i.path)).toEqual(['staff.0.counters']);
  });
});
