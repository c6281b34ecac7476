/** What the console sends its kiosk preview frame. */
import type { Lang } from '#protocol/languages.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';

export interface PreviewMessage {
  type: 'doorstep-preview';
  service: ServiceDoc;
  station: StationDoc | null;
  lang: Lang;
}

export function isPreviewMessage(data: unknown): data is PreviewMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'doorstep-preview';
}
