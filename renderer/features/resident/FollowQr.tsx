/**
 * The ticket's "follow your turn" QR code: a resident scans it with a phone and
 * sees the queue move on a page the district serves. The device makes the link
 * offline (electron/services/follow-links.ts); a device that has none yet (never
 * reached the district) shows nothing rather than a code that leads nowhere.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowLink } from '#ipc/contract.ts';
import { getPlatform } from '#renderer/platform/platform.ts';

/** Modules of white margin around the symbol, as the QR standard asks. */
const QUIET_ZONE = 4;

function symbolPath(modules: readonly string[]): string {
  let path = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === '1') path += `M${x + QUIET_ZONE},${y + QUIET_ZONE}h1v1h-1z`;
  });
  return path;
}

export function FollowQr({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('resident');
  const [link, setLink] = useState<FollowLink>(null);
  useEffect(() => {
    let current = true;
    void getPlatform()
      .invoke('follow:link', { ticketId })
      .then((result) => {
        if (current && result.ok) setLink(result.value);
      });
    return () => {
      current = false;
    };
  }, [ticketId]);
  if (!link) return null;
  const span = link.modules.length + 2 * QUIET_ZONE;
  return (
    <figure className="follow-qr" data-testid="follow-qr">
      <svg
        viewBox={`0 0 ${span} ${span}`}
        shapeRendering="crispEdges"
        role="img"
        aria-label={t('ticket.followQrLabel')}
        data-testid="follow-qr-symbol"
      >
        <rect width={span} height={span} fill="#fff" />
        <path d={symbolPath(link.modules)} fill="#000" />
      </svg>
      <figcaption>{t('ticket.followQr')}</figcaption>
    </figure>
  );
}
