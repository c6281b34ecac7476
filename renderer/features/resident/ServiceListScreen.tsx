/** The services of one category, in the catalog's order, district items first. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryId } from '#protocol/categories.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { pick } from '#renderer/app/localized.ts';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { CategoryIcon } from '#renderer/components/CategoryIcon.tsx';
import { useLang } from '#renderer/i18n/useLang.ts';

export function ServiceListScreen({ categoryId }: { categoryId: CategoryId }) {
  const { t } = useTranslation('resident');
  const lang = useLang();
  const { services } = useKiosk();
  const nav = useNavigation();
  const items = useMemo(
    () =>
      services
        .filter((s) => s.category === categoryId)
        .sort((a, b) => Number(a.stationId !== '') - Number(b.stationId !== '') || a.order - b.order),
    [services, categoryId],
  );
  return (
    <section className="services">
      <h1 className={`category-heading tile-${categoryId}`}>
        <CategoryIcon id={categoryId} size={64} />
        {t(`category.${categoryId}.name`)}
      </h1>
      <p className="lead">{t('services.count', { count: items.length })}</p>
      <div className="service-list">
        {items.map((s) => (
          <BigButton
            key={s.id}
            variant="tile"
            className="service-item"
            data-testid={`service-${s.id}`}
            onClick={() => nav.go({ screen: 'detail', categoryId, serviceId: s.id })}
          >
            <span className="service-name">{pick(s.name, lang)}</span>
            <span className="service-summary">{pick(s.summary, lang)}</span>
            {(!s.ticket || s.stationId !== '') && (
              <span className="badges">
                {!s.ticket && <span className="badge">{t('services.noTicket')}</span>}
                {s.stationId !== '' && <span className="badge badge-station">{t('services.stationItem')}</span>}
              </span>
            )}
          </BigButton>
        ))}
      </div>
    </section>
  );
}
