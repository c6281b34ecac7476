import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '#client/abortable-sleep.ts';

describe('sleep between retries', () => {
  it('leaves no abort listener behind however many retries an outage takes', async () => {
    const stopping = new AbortController();
    for (let retry = 0; retry < 25; retry++) await sleep(1, stopping.signal);
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the client stops, and then forgets the signal', async () => {
    const stopping = new AbortController();
    // Ten minutes: only the abort can end it within the test's time.
    const waiting = sleep(600_000, stopping.signal);
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(1);
    stopping.abort();
    await waiting;
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
  });
});
