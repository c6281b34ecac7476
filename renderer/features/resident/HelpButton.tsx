/** "Call staff for help": records a help request a staff screen can show, then reassures the resident. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { createLogger } from '#renderer/app/logger.ts';
import { BigButton } from '#renderer/components/BigButton.tsx';
import { Icon } from '#renderer/components/Icon.tsx';
import { Dialog } from '#renderer/components/Dialog.tsx';
import { recordHelpRequest } from '#renderer/db/requests.ts';
import { useLang } from '#renderer/i18n/useLang.ts';

const log = createLogger('resident/help');

export function HelpButton({ screen }: { screen: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { db, config } = useKiosk();
  const [state, setState] = useState<'idle' | 'sent' | 'failed'>('idle');

  const callHelp = async () => {
    try {
      await recordHelpRequest(db, { stationId: config.stationId, deviceId: config.deviceId, lang }, screen);
      setState('sent');
    } catch (error) {
      log.error('could not record help request', error);
      setState('failed');
    }
  };

  return (
    <>
      <BigButton variant="help" onClick={() => void callHelp()} data-testid="help">
        <Icon name="bell" />
        {t('help.button')}
      </BigButton>
      {state !== 'idle' && (
        <Dialog
          title={state === 'sent' ? t('help.sentTitle') : t('error.title')}
          testId="help-dialog"
          actions={
            <BigButton variant="primary" onClick={() => setState('idle')} data-testid="help-ok">
              {t('help.ok')}
            </BigButton>
          }
        >
          <p>{state === 'sent' ? t('help.sentBody') : t('help.failed')}</p>
        </Dialog>
      )}
    </>
  );
}
