/**
 * Asked when staff call another number while one of theirs is still called (the
 * resident has not come up): what happened to it? It is marked no-show, served, or
 * kept — then the next number is called. Whatever is chosen, the ticket stays on
 * the board and in the day's totals.
 */
import { useTranslation } from 'react-i18next';
import type { TicketDoc } from '#protocol/schemas.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';

/** What staff said happened to the ticket still called; `back` calls nobody. */
export type StillCalledChoice = 'no_show' | 'done' | 'keep' | 'back';

export function StillCalledDialog({
  ticket,
  onChoose,
}: {
  ticket: TicketDoc;
  onChoose(choice: StillCalledChoice): void;
}) {
  const { t } = useTranslation('staff');
  const choices: { choice: StillCalledChoice; label: string; variant: 'primary' | 'plain' | 'secondary' }[] = [
    { choice: 'no_show', label: t('board.heldNoShow'), variant: 'primary' },
    { choice: 'done', label: t('board.heldDone'), variant: 'plain' },
    { choice: 'keep', label: t('board.heldKeep'), variant: 'plain' },
    { choice: 'back', label: t('board.heldBack'), variant: 'secondary' },
  ];
  return (
    <Dialog
      title={t('board.stillCalledTitle', { number: ticket.number })}
      testId="still-called"
      actions={
        <div className="still-called-choices">
          {choices.map(({ choice, label, variant }) => (
            <BigButton key={choice} variant={variant} onClick={() => onChoose(choice)} data-testid={`still-${choice}`}>
              {label}
            </BigButton>
          ))}
        </div>
      }
    >
      <p>{t('board.stillCalledBody', { number: ticket.number })}</p>
    </Dialog>
  );
}
