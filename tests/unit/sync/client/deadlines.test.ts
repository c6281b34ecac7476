import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_START_MS, answerStartMs, SilenceDeadline, SilenceTimeout, streamSilenceMs } from '#client/deadlines.ts';
import { REPLICATION_BODY_LIMIT, STREAM_HEARTBEAT_MS } from '#protocol/wire-messages.ts';

describe('deadlines on a silent connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives a push time to travel over a slow uplink before expecting an answer', () => {
    expect(answerStartMs(0)).toBe(ANSWER_START_MS);
    // A full push at 128 kbit/s takes about a minute to arrive: its wait must cover that.
    expect(answerStartMs(REPLICATION_BODY_LIMIT)).toBeGreaterThan(ANSWER_START_MS + 60_000);
  });

  it('takes a stream for dead only after more than two missed heartbeats', () => {
    expect(streamSilenceMs(1000)).toBeGreaterThan(2000);
    expect(streamSilenceMs()).toBeGreaterThan(2 * STREAM_HEARTBEAT_MS);
  });

  it('aborts with a named reason after the silence, not while signs of life keep coming', () => {
    vi.useFakeTimers();
    const deadline = new SilenceDeadline(new AbortController().signal, 'GET /pull');
    deadline.arm(1000);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(900);
      deadline.arm(1000);
    }
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(SilenceTimeout);
    expect((deadline.signal.reason as Error).message).toContain('GET /pull');
  });

  it('never fires once the request is done, and forgets the long-lived stop signal', () => {
    vi.useFakeTimers();
    const stopping = new AbortController();
    for (let i = 0; i < 25; i++) {
      const deadline = new SilenceDeadline(stopping.signal, 'request');
      deadline.arm(1000);
      deadline.clear();
      vi.advanceTimersByTime(2000);
      expect(deadline.signal.aborted).toBe(false);
    }
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
  });

  it('aborts at once, with the stop reason, when the device stops syncing', () => {
    const stopping = new AbortController();
    const deadline = new SilenceDeadline(stopping.signal, 'request');
    deadline.arm(600_000);
    stopping.abort(new Error('stopped'));
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as Error).message).toBe('stopped');
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
  });
});
