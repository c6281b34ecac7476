import { act, render, screen } from '@testing-library/react';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { deviceCalls } from '#tests/unit/renderer/support/fake-device.ts';

function Count({ source, initial }: { source: Subject<number> | null; initial: number }) {
  const value = useLiveQuery(() => source, [source], initial);
  return <p data-testid="value">{value}</p>;
}

describe('useLiveQuery', () => {
  it('shows the initial value, then every new one, and lets go of the source on unmount', () => {
    const source = new Subject<number>();
    const view = render(<Count source={source} initial={7} />);
    expect(screen.getByTestId('value').textContent).toBe('7');
    act(() => source.next(3));
    expect(screen.getByTestId('value').textContent).toBe('3');
    expect(source.observed).toBe(true);
    view.unmount();
    expect(source.observed).toBe(false);
  });

  it('moves to the new source when its inputs change, and waits while there is none', () => {
    const first = new Subject<number>();
    const second = new Subject<number>();
    const view = render(<Count source={null} initial={0} />);
    view.rerender(<Count source={first} initial={0} />);
    act(() => first.next(1));
    view.rerender(<Count source={second} initial={0} />);
    expect(first.observed).toBe(false);
    act(() => second.next(2));
    expect(screen.getByTestId('value').textContent).toBe('2');
  });

  it('keeps the last value when the query fails, and says so in the device log', async () => {
    const source = new Subject<number>();
    render(<Count source={source} initial={0} />);
    act(() => source.next(5));
    act(() => source.error(new Error('index missing')));
    expect(screen.getByTestId('value').textContent).toBe('5');
    await act(async () => undefined);
    expect(deviceCalls).toContainEqual(
      expect.objectContaining({ channel: 'log:write', request: expect.objectContaining({ level: 'error' }) }),
    );
  });
});
