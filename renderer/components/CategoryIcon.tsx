/** Simple, high-contrast pictograms for the seven categories (decorative: the label says it in words). */
import type { CategoryId } from '#protocol/categories.ts';

const PATHS: Record<CategoryId, string> = {
  // A flag on a pole.
  party: 'M14 6v52M14 8h30l-6 9 6 9H14',
  // A building with columns.
  government: 'M6 24 32 8l26 16M10 24h44M14 28v20M26 28v20M38 28v20M50 28v20M8 52h48',
  // A house with a heart.
  life: 'M8 30 32 10l24 20M14 26v28h36V26M32 48s-9-6-9-11a4.5 4.5 0 0 1 9-1 4.5 4.5 0 0 1 9 1c0 5-9 11-9 11z',
  // Scales.
  legal: 'M32 8v46M20 54h24M12 18h40M12 18 6 34h12zM52 18l-6 16h12z',
  // A medical cross.
  health: 'M24 8h16v16h16v16H40v16H24V40H8V24h16z',
  // An open book.
  culture: 'M32 16c-6-5-16-6-24-4v38c8-2 18-1 24 4 6-5 16-6 24-4V12c-8-2-18-1-24 4zM32 16v38',
  // People together.
  community:
    'M22 26a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM42 26a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM6 52c0-10 7-18 16-18s16 8 16 18M30 40c3-4 7-6 12-6 9 0 16 8 16 18',
};

export function CategoryIcon({ id, size = 72 }: { id: CategoryId; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="category-icon">
      <path
        d={PATHS[id]}
        fill="none"
        stroke="currentColor"
        strokeWidth={4}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
