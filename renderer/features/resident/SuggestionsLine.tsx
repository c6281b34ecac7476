/**
 * "您的建议已变成：…": the projects the district made of this station's residents'
 * needs (三张清单), newest first, on one calm line of the home screen. Read from
 * the local replica, so it shows offline too; nothing shows until there is one.
 */
import { useTranslation } from 'react-i18next';
import type { ProjectDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';

/** A line, not a list: more than a few titles would push the tiles off a tablet's screen. */
const SHOWN = 3;

export function SuggestionsLine() {
  const { t } = useTranslation('resident');
  const { db, config } = useKiosk();
  const projects = useLiveQuery<ProjectDoc[]>(
    () =>
      docsJSON<ProjectDoc>(
        db.projects.find({ selector: { stationId: config.stationId }, sort: [{ updatedAt: 'desc' }], limit: SHOWN }),
      ),
    [db, config.stationId],
    [],
  );
  if (projects.length === 0) return null;
  const titles = projects.map((p) =>
    t('suggestions.project', { title: p.title, status: t(`suggestions.status.${p.status}`) }),
  );
  return (
    <p className="suggestions-line" data-testid="suggestions-line">
      {t('suggestions.became', { projects: titles.join(t('suggestions.separator')) })}
    </p>
  );
}
