/** Line icons for the frame's buttons (decorative: every button also says what it does in words). */
const PATHS = {
  bell: 'M12 44h40l-5-7V27a15 15 0 0 0-30 0v10zM26 50a6 6 0 0 0 12 0',
  speaker: 'M8 24h10l14-12v40L18 40H8zM42 22a14 14 0 0 1 0 20M48 14a24 24 0 0 1 0 36',
  home: 'M8 30 32 10l24 20M14 26v28h36V26M27 54V40h10v14',
  back: 'M28 14 10 32l18 18M10 32h44',
  pencil: 'M12 52l4-14 28-28 10 10-28 28zM38 16l10 10',
  stop: 'M16 16h32v32H16z',
  // A small and a large letter A: "larger text".
  text: 'M6 52 16 24l10 28M9 44h14M32 52 44 12l12 40M36 40h16',
  down: 'M32 10v42M14 34l18 18 18-18',
  up: 'M32 54V12M14 30l18-18 18 18',
} as const;

export type IconName = keyof typeof PATHS;

/** `size` is the fallback in px; styles.css sizes `.btn-icon` in em, so icons grow with their label. */
export function Icon({ name, size = 40 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="btn-icon">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth={5}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
