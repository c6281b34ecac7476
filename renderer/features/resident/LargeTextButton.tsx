/** "大字 / Larger text": one tap makes the screen's words 1.5× larger; the same button (now "正常字") undoes it. */
import { useTranslation } from 'react-i18next';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { setLargeText, useLargeText } from './large-text.ts';

export function LargeTextButton() {
  const { t } = useTranslation();
  const large = useLargeText();
  return (
    <BigButton
      variant="plain"
      className="large-text"
      data-state={large ? 'large' : 'normal'}
      onClick={() => setLargeText(!large)}
      data-testid="large-text"
    >
      <Icon name="text" />
      {large ? t('text.normal') : t('text.larger')}
    </BigButton>
  );
}
