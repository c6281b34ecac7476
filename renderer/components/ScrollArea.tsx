/**
 * A scrolling area that never hides anything silently. Whenever its content is
 * taller than the room it has, a bar under it shows large "more below" and "back
 * up" buttons (each hidden while there is nothing that way), and a tap moves by
 * most of a screen. Elderly residents rarely know to swipe, and a list cut off at
 * the footer looks finished. The bar is a row of its own, never over the content,
 * and stays while the content overflows, so reaching the end moves nothing.
 */
import { useCallback, useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

/** How much one tap scrolls at most, as a share of the visible height, so some context stays in view. */
const PAGE_SHARE = 0.85;
/** Room left above (or below) the first thing cut off, so the resident sees where the new page starts. */
const LEAD_PX = 16;
/** What a page turn keeps whole: controls and blocks of text. */
const BLOCKS = 'button, h1, h2, h3, p, li, label, output, textarea';

/**
 * How far one tap moves: to put the first control or text block cut off at the
 * edge wholly in view at the other edge (so nothing is ever split across every
 * page), and by most of a screen when nothing is cut off or the block is taller
 * than the view.
 */
function pageDistance(el: HTMLElement, direction: 1 | -1): number {
  const view = el.getBoundingClientRect();
  const most = el.clientHeight * PAGE_SHARE;
  const blocks = [...el.querySelectorAll<HTMLElement>(BLOCKS)].map((b) => b.getBoundingClientRect());
  if (direction === 1) {
    const cut = blocks
      .filter((r) => r.bottom > view.bottom + 1 && r.top < view.bottom)
      .sort((a, b) => a.top - b.top)[0];
    const move = cut ? cut.top - view.top - LEAD_PX : most;
    return move > LEAD_PX ? Math.min(move, most) : most;
  }
  const cut = blocks.filter((r) => r.top < view.top - 1 && r.bottom > view.top).sort((a, b) => b.bottom - a.bottom)[0];
  const move = cut ? view.bottom - cut.bottom - LEAD_PX : most;
  return -(move > LEAD_PX ? Math.min(move, most) : most);
}
/** Sub-pixel rounding leaves a pixel or two at the ends; that is not "more". */
const SLACK_PX = 4;

interface Props extends HTMLAttributes<HTMLElement> {
  /** The element that scrolls (main for a screen, div for a column). */
  as?: 'main' | 'div' | 'section';
  /** Class of the wrapper that holds the scrolling element and its cues. */
  frameClassName?: string;
  children: ReactNode;
}

export function ScrollArea({ as: Tag = 'div', frameClassName, className, children, ...rest }: Props) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLElement | null>(null);
  const [more, setMore] = useState({ overflow: false, above: false, below: false });

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const overflow = el.scrollHeight > el.clientHeight + SLACK_PX;
    const above = overflow && el.scrollTop > SLACK_PX;
    const below = overflow && el.scrollTop + el.clientHeight < el.scrollHeight - SLACK_PX;
    setMore((m) =>
      m.overflow === overflow && m.above === above && m.below === below ? m : { overflow, above, below },
    );
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    // Content grows (a list arrives, large text, another language) without a scroll event.
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    for (const child of el.children) resized.observe(child);
    const changed = new MutationObserver(() => {
      for (const child of el.children) resized.observe(child);
      measure();
    });
    changed.observe(el, { childList: true, subtree: true, characterData: true });
    return () => {
      el.removeEventListener('scroll', measure);
      resized.disconnect();
      changed.disconnect();
    };
  }, [measure]);

  const page = (direction: 1 | -1) => {
    const el = ref.current;
    if (!el) return;
    el.scrollBy({ top: pageDistance(el, direction), behavior: 'smooth' });
  };

  return (
    <div className={`scroll-frame${frameClassName ? ` ${frameClassName}` : ''}`}>
      <Tag
        className={`scroll-area${className ? ` ${className}` : ''}`}
        ref={(el: HTMLElement | null) => {
          ref.current = el;
        }}
        // A keyboard (a technician's, or a switch device) can scroll an area whose content does not fit.
        tabIndex={more.overflow ? 0 : undefined}
        {...rest}
      >
        {children}
      </Tag>
      {more.overflow && (
        <div className="scroll-cues shell-chrome" data-testid="scroll-cues">
          <button
            type="button"
            className="btn scroll-cue"
            hidden={!more.above}
            onClick={() => page(-1)}
            data-testid="scroll-up"
          >
            <Icon name="up" />
            {t('scroll.up')}
          </button>
          <button
            type="button"
            className="btn scroll-cue scroll-cue-more"
            hidden={!more.below}
            onClick={() => page(1)}
            data-testid="scroll-more"
          >
            <Icon name="down" />
            {t('scroll.more')}
          </button>
        </div>
      )}
    </div>
  );
}
