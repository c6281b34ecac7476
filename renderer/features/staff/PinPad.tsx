/** A large digit pad; digits stay hidden (shown as dots). */
import { useTranslation } from 'react-i18next';
import { BigButton } from '#renderer/components/BigButton.tsx';

interface Props {
  value: string;
  maxLength: number;
  onChange(value: string): void;
  onSubmit(): void;
  busy?: boolean;
}

export function PinPad({ value, maxLength, onChange, onSubmit, busy = false }: Props) {
  const { t } = useTranslation('staff');
  const add = (d: string) => value.length < maxLength && onChange(value + d);
  return (
    <div className="pin-pad">
      <output className="pin-dots" data-testid="pin-dots" aria-live="polite">
        {'●'.repeat(value.length) || '—'}
      </output>
      <div className="keypad" role="group">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <BigButton key={d} variant="plain" onClick={() => add(d)} data-testid={`pin-${d}`}>
            {d}
          </BigButton>
        ))}
        <BigButton variant="plain" onClick={() => onChange('')}>
          {t('signIn.clear')}
        </BigButton>
        <BigButton variant="plain" onClick={() => add('0')} data-testid="pin-0">
          0
        </BigButton>
        <BigButton variant="plain" onClick={() => onChange(value.slice(0, -1))}>
          {t('signIn.delete')}
        </BigButton>
      </div>
      <BigButton variant="primary" onClick={onSubmit} disabled={busy || value.length < 4} data-testid="pin-ok">
        {busy ? t('signIn.checking') : t('signIn.ok')}
      </BigButton>
    </div>
  );
}
