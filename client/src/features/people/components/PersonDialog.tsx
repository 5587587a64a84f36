import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, Role, type City, type Person } from '@dialogo/shared';
import { Dialog } from '../../../components/Dialog.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { focusFirstInvalid } from '../../../lib/validate.ts';
import { updatePerson } from '../api.ts';

/** Props of {@link PersonDialog}. */
export interface PersonDialogProps {
  person: Person;
  cities: City[];
  onClose(): void;
  onSaved(person: Person): void;
}

/** Changes a person's role, and their city when they are a city delegate. */
export function PersonDialog({ person, cities, onClose, onSaved }: PersonDialogProps) {
  const { t } = useTranslation('people');
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<Role>(person.role);
  const [cityId, setCityId] = useState(person.cityId ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    if (role === Role.delegate && !cityId) return showErrors({ cityId: 'required' });
    setFields({});
    setBusy(true);
    try {
      onSaved(await updatePerson(person.id, { role, cityId: role === Role.delegate ? cityId : null }));
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFailure(errorCode(err));
      setBusy(false);
    }
  };

  // A delegate's archived city still shows, so the current value is never blank.
  const choices = cities.filter((c) => !c.archived || c.id === person.cityId);
  return (
    <Dialog title={t('role.title', { name: person.name })} onClose={onClose} testId="person-dialog">
      <form ref={formRef} className="form" onSubmit={handleSubmit} noValidate>
        <SelectField
          label={t('table.role')}
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => [r, t(`roles.${r}`, { ns: 'translation' })] as const)}
          hint={t(`role.hint.${role}`)}
          error={fields.role}
        />
        {role === Role.delegate && (
          <SelectField
            label={t('table.city')}
            name="cityId"
            value={cityId}
            onChange={(e) => setCityId(e.target.value)}
            options={choices.map((c) => [c.id, c.name] as const)}
            placeholder={t('invite.chooseCity')}
            error={fields.cityId}
          />
        )}
        {failure && (
          <p role="alert" className="form__error">
            {t(`errors.${failure}`, { ns: 'translation' })}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving', { ns: 'translation' }) : t('common.save', { ns: 'translation' })}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel', { ns: 'translation' })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
