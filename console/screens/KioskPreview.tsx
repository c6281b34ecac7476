/**
 * The kiosk's detail screen at its real size (1920 × 1080), scaled to the pane.
 * It runs in a frame of its own (console/preview), where the kiosk's stylesheet
 * and component render the item exactly as a resident will see it, untouched by
 * the console's styles. The item travels by postMessage, to this origin only.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import type { PreviewMessage } from '#console/preview/message.ts';

const KIOSK = { width: 1920, height: 1080 };

export function KioskPreview({
  service,
  station,
  lang,
}: {
  service: ServiceDoc;
  station: StationDoc | null;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [scale, setScale] = useState(0.3);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setScale(entry.contentRect.width / KIOSK.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!ready) return;
    const message: PreviewMessage = { type: 'doorstep-preview', service, station, lang };
    frame.current?.contentWindow?.postMessage(message, window.location.origin);
  }, [ready, service, station, lang]);

  return (
    <div className="preview-box" ref={box} style={{ height: KIOSK.height * scale }}>
      <iframe
        ref={frame}
        src="/console/preview.html"
        title={t('editor.previewFrame')}
        tabIndex={-1}
        onLoad={() => setReady(true)}
        style={{ width: KIOSK.width, height: KIOSK.height, transform: `scale(${scale})` }}
        data-testid="preview-frame"
      />
    </div>
  );
}
