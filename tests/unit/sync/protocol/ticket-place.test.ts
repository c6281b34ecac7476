import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogText } from '#protocol/catalog.ts';
import type { StationDoc } from '#protocol/schemas.ts';
import { ticketPlace } from '#protocol/ticket-place.ts';

const parsed = parseCatalogText(
  readFileSync(new URL('../../../../assets/catalog/demo-catalog.json', import.meta.url), 'utf8'),
);
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const demo = parsed.value.station;
const text = (zh: string, en: string) => ({ 'zh-Hans': zh, 'zh-Hant': zh, en });

describe('where a ticket sends the resident', () => {
  it('never names one counter for a queue several counters serve (demo queue B: counters 1 and 2)', () => {
    const place = ticketPlace(demo, 'B');
    expect(place.kind).toBe('wait');
    expect(place.kind === 'wait' && place.place['zh-Hans']).toBe('一楼大厅等候区');
  });

  it('sends the resident straight to the one room that serves a queue', () => {
    expect(ticketPlace(demo, 'D')).toEqual({
      kind: 'go',
      place: demo.queues.find((q) => q.letter === 'D')!.location,
    });
  });

  it("says to watch the screen when the queue's place is one counter's name but two counters serve it", () => {
    const station: Pick<StationDoc, 'queues' | 'counters'> = {
      queues: [{ letter: 'B', name: text('政务', 'Gov'), location: text('2号窗口', 'Counter 2') }],
      counters: [
        { id: '1', name: text('1号窗口', 'Counter 1'), queues: ['B'] },
        { id: '2', name: text('2号窗口', 'Counter 2'), queues: ['B'] },
      ],
    };
    expect(ticketPlace(station, 'B')).toEqual({ kind: 'watch' });
    // With only counter 1 serving it, a place naming counter 2 would be wrong: the ticket names counter 1.
    const onlyOne = { ...station, counters: [station.counters![0]!, { ...station.counters![1]!, queues: [] }] };
    expect(ticketPlace(onlyOne, 'B')).toEqual({ kind: 'go', place: text('1号窗口', 'Counter 1') });
    expect(ticketPlace(station, 'Z')).toEqual({ kind: 'watch' });
  });
});
