import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { DecisionSource } from '@dialogo/shared';
import { ApiRequestError } from '../../../lib/api.ts';
import { addFollowUp, fetchPlanPermissions, planKeys } from '../api.ts';

type Outcome = { kind: 'added' } | { kind: 'error'; reason: 'alreadyInPlan' | 'notClosed' | 'notInMinutes' | 'failed' } | null;

/**
 * "Add to the action plan": a decision (a closed poll, a decision in the minutes) becomes a row
 * linked to it. Shown to who may manage the plan, as the plan's permissions answer (the route asks
 * the same), and to nobody else.
 */
export function FollowUpButton({ source }: { source: DecisionSource }) {
  const { t } = useTranslation('actionPlan');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const manage = useQuery({ queryKey: planKeys.permissions, queryFn: ({ signal }) => fetchPlanPermissions(signal) }).data?.manage ?? false;
  const add = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await addFollowUp(source);
      setOutcome({ kind: 'added' });
    } catch (err) {
      const fields = err instanceof ApiRequestError ? err.fields : {};
      setOutcome({
        kind: 'error',
        reason: fields.source
          ? 'alreadyInPlan'
          : fields.pollId === 'not-closed'
            ? 'notClosed'
            : fields.decision === 'not-in-minutes'
              ? 'notInMinutes'
              : 'failed',
      });
    } finally {
      setBusy(false);
    }
  };
  if (!manage) return null;
  return (
    <>
      <button type="button" className="button" disabled={busy} onClick={() => void add()}>
        {t('followUp.add')}
      </button>
      <span role="status" aria-live="polite">
        {outcome?.kind === 'added' && (
          <>
            {t('followUp.added')} <Link href="/action-plan">{t('followUp.open')}</Link>
          </>
        )}
      </span>
      {outcome?.kind === 'error' && (
        <span role="alert" className="form__error">
          {t(`followUp.errors.${outcome.reason}`)}
        </span>
      )}
    </>
  );
}
