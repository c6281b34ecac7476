/** Home: the seven categories as large tiles. Finding a service takes at most three taps from here. */
import { useTranslation } from 'react-i18next';
import { CATEGORY_IDS } from '#protocol/categories.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useNavigation } from '#renderer/app/navigation.tsx';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { CategoryIcon } from '#renderer/components/CategoryIcon.tsx';
import { SuggestionsLine } from './SuggestionsLine.tsx';

export function HomeScreen() {
  const { t } = useTranslation('resident');
  const nav = useNavigation();
  // Only where the station takes appointments (station.appointmentSlots).
  const { station } = useKiosk();
  const appointments = (station.appointmentSlots?.length ?? 0) > 0;
  return (
    <section className="home">
      <h1>{t('home.greeting')}</h1>
      <p className="lead">{t('home.hint')}</p>
      <div className="category-grid">
        {CATEGORY_IDS.map((id) => (
          <BigButton
            key={id}
            variant="tile"
            className={`tile-${id}`}
            data-testid={`category-${id}`}
            onClick={() => nav.go({ screen: 'services', categoryId: id })}
          >
            <CategoryIcon id={id} />
            <span className="tile-name">{t(`category.${id}.name`)}</span>
            <span className="tile-hint">{t(`category.${id}.hint`)}</span>
          </BigButton>
        ))}
      </div>
      {appointments && (
        <BigButton
          variant="secondary"
          className="home-appointment"
          data-testid="home-appointment"
          onClick={() => nav.go({ screen: 'appointment' })}
        >
          {t('appointment.entry')}
        </BigButton>
      )}
      <SuggestionsLine />
    </section>
  );
}
