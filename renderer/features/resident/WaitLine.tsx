/**
 * The estimated wait in plain words: a range in 5-minute steps, never a false
 * "7 minutes"; with too few records, or no counter serving, it says so instead of
 * guessing. Nothing until it is worked out (useWaitEstimate), so it never flickers
 * a wrong figure.
 */
import { useTranslation } from 'react-i18next';
import type { WaitEstimate } from '#protocol/wait-estimate.ts';

export function waitWords(estimate: WaitEstimate, t: (key: string, vars?: Record<string, unknown>) => string): string {
  if (estimate.kind === 'not_enough_data') return t('wait.notEnoughData');
  if (estimate.kind === 'no_open_counter') return t('wait.noOpenCounter');
  return estimate.lowMinutes <= 0
    ? t('wait.under', { high: estimate.highMinutes })
    : t('wait.range', { low: estimate.lowMinutes, high: estimate.highMinutes });
}

export function WaitLine({ estimate, className }: { estimate: WaitEstimate | null; className?: string }) {
  const { t } = useTranslation('resident');
  if (!estimate) return null;
  return (
    <p className={className ?? 'wait-line'} data-testid="wait-estimate" data-kind={estimate.kind} aria-live="polite">
      {waitWords(estimate, t)}
    </p>
  );
}
