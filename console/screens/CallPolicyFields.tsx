/**
 * The station's calling rules in the station editor: the priority lane on or off,
 * who qualifies (an age, disabled residents, pregnant women: the station's choice,
 * shown to residents at the kiosk) and the fairness numbers of sync/protocol/call-order.ts.
 * Absent in the document until the operator touches it: DEFAULT_CALL_POLICY (lane off).
 */
import { useTranslation } from 'react-i18next';
import type { StationDoc } from '#protocol/schemas.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { FieldProblems, issuesAt } from '#console/app/fields.tsx';
import type { FieldIssue } from '#console/app/types.ts';

type Policy = NonNullable<StationDoc['callPolicy']>;

export function CallPolicyFields({
  doc,
  issues,
  disabled,
  onChange,
}: {
  doc: StationDoc;
  issues: FieldIssue[];
  disabled: boolean;
  onChange(callPolicy: Policy): void;
}) {
  const { t } = useTranslation();
  const current = stationCallPolicy(doc);
  const policy: Policy = {
    ...current,
    priority: { ...current.priority, qualifies: current.priority.qualifies ?? { disabled: false, pregnant: false } },
  };
  const priority = policy.priority;
  const setPriority = (patch: Partial<Policy['priority']>) =>
    onChange({ ...policy, priority: { ...priority, ...patch } });
  const setQualifies = (patch: Partial<Policy['priority']['qualifies']>) =>
    setPriority({ qualifies: { ...priority.qualifies, ...patch } });
  const whole = (value: string) => (value.trim() === '' ? NaN : Number(value));

  return (
    <fieldset className="group" disabled={disabled} data-testid="call-policy">
      <legend>{t('stations.priority')}</legend>
      <FieldProblems id="call-policy-problems" issues={issuesAt(issues, 'callPolicy')} />
      <label>
        <input
          type="checkbox"
          checked={priority.enabled}
          onChange={(e) => setPriority({ enabled: e.target.checked })}
          data-testid="field-priority-enabled"
        />
        {t('stations.priorityEnabled')}
      </label>
      <fieldset className="days">
        <legend>{t('stations.priorityWho')}</legend>
        <label>
          <input
            type="checkbox"
            checked={priority.qualifies.minAge !== undefined}
            onChange={(e) => {
              const { minAge: _minAge, ...rest } = priority.qualifies;
              setPriority({ qualifies: e.target.checked ? { ...rest, minAge: 70 } : rest });
            }}
          />
          {t('stations.priorityAge')}
        </label>
        {priority.qualifies.minAge !== undefined && (
          <input
            type="number"
            aria-label={t('stations.priorityAge')}
            value={priority.qualifies.minAge}
            onChange={(e) => setQualifies({ minAge: whole(e.target.value) })}
          />
        )}
        <label>
          <input
            type="checkbox"
            checked={priority.qualifies.disabled}
            onChange={(e) => setQualifies({ disabled: e.target.checked })}
          />
          {t('stations.priorityDisabled')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={priority.qualifies.pregnant}
            onChange={(e) => setQualifies({ pregnant: e.target.checked })}
          />
          {t('stations.priorityPregnant')}
        </label>
      </fieldset>
      <label>
        {t('stations.priorityEveryN')}
        <input type="number" value={priority.everyN} onChange={(e) => setPriority({ everyN: whole(e.target.value) })} />
      </label>
      <label>
        {t('stations.priorityMaxExtra')}
        <input
          type="number"
          value={priority.maxExtraWaitMinutes}
          onChange={(e) => setPriority({ maxExtraWaitMinutes: whole(e.target.value) })}
        />
      </label>
    </fieldset>
  );
}
