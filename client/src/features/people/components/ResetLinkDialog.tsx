import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordReset, Person } from '@dialogo/shared';
import { CopyField } from '../../../components/CopyField.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { issuePasswordReset } from '../api.ts';

/**
 * Issues a password-reset link for a person and shows it to copy and send. Their current password
 * keeps working until the link is used; using it ends every session they have.
 */
export function ResetLinkDialog({ person, onClose }: { person: Person; onClose(): void }) {
  const { t, i18n } = useTranslation('people');
  const [reset, setReset] = useState<PasswordReset | null>(null);
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);

  useEffect(() => {
    let current = true;
    issuePasswordReset(person.id).then(
      (r) => current && setReset(r),
      (err: unknown) => current && setFailure(errorCode(err)),
    );
    return () => {
      current = false;
    };
  }, [person.id]);

  return (
    <Dialog title={t('reset.title', { name: person.name })} onClose={onClose} testId="reset-dialog">
      {!reset && !failure && (
        <p className="muted" role="status">
          {t('reset.creating')}
        </p>
      )}
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      {reset && (
        <>
          <p>{t('reset.intro', { name: person.name, email: person.email })}</p>
          <CopyField label={t('reset.link')} value={reset.url} testId="reset-link" hint={t('reset.linkHint', { date: formatDateTime(reset.expiresAt, i18n.language) })} />
        </>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close', { ns: 'translation' })}
        </button>
      </div>
    </Dialog>
  );
}
