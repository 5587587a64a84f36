import { useTranslation } from 'react-i18next';
import type { PasswordReset, Person } from '@dialogo/shared';
import { CopyField } from '../../../components/CopyField.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import type { ClientErrorCode } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';

/** Props of {@link ResetLinkDialog}. */
export interface ResetLinkDialogProps {
  person: Person;
  /** The link once the server has issued it. */
  reset: PasswordReset | null;
  failure: ClientErrorCode | null;
  onClose(): void;
}

/**
 * Shows a person's new password-reset link to copy and send. Their current password keeps
 * working until the link is used; using it ends every session they have.
 */
export function ResetLinkDialog({ person, reset, failure, onClose }: ResetLinkDialogProps) {
  const { t, i18n } = useTranslation('people');
  return (
    <Dialog title={t('reset.title', { name: person.name })} onClose={onClose} testId="reset-dialog" wide>
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
          <CopyField
            label={t('reset.link')}
            value={reset.url}
            testId="reset-link"
            hint={t('reset.linkHint', { date: formatDateTime(reset.expiresAt, i18n.language) })}
          />
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
