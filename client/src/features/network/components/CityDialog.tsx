import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CityInputSchema, IccStatus, LIMITS, type City, type CityInput } from '@dialogo/shared';
import { Dialog } from '../../../components/Dialog.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fieldErrors, focusFirstInvalid } from '../../../lib/validate.ts';
import { createCity, updateCity } from '../api.ts';
import { REGIONS } from '../format.ts';

/** Props of {@link CityDialog}. */
export interface CityDialogProps {
  /** The city to edit; absent to add a new one. */
  city?: City;
  onClose(): void;
  onSaved(city: City): void;
  /** Asks to archive the city being edited (a separate confirmation follows). */
  onArchive?(): void;
}

const ICC_STATUSES = [IccStatus.none, IccStatus.inProgress, IccStatus.published] as const;

/**
 * Adds or edits a city: name, region, ICC Index profile (status and date) and Statement of
 * Intent (signed, and when). Checked with the shared schema before sending and by the server
 * after; each message sits under its field, and focus moves to the first one.
 */
export function CityDialog({ city, onClose, onSaved, onArchive }: CityDialogProps) {
  const { t } = useTranslation('network');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(city?.name ?? '');
  const [region, setRegion] = useState(city?.region ?? '');
  const [iccStatus, setIccStatus] = useState<IccStatus>(city?.icc.status ?? IccStatus.none);
  const [iccDate, setIccDate] = useState(city?.icc.date ?? '');
  const [signed, setSigned] = useState(city?.statementOfIntent.signed ?? false);
  const [signedDate, setSignedDate] = useState(city?.statementOfIntent.date ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const regions: (readonly [string, string])[] = REGIONS.map((r) => [r, r] as const);
  // A region written through the API outside the list still shows.
  if (region && !REGIONS.includes(region as (typeof REGIONS)[number])) regions.unshift([region, region]);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    // After React has marked the fields.
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    const input = {
      name,
      region,
      icc: iccStatus === IccStatus.none ? { status: iccStatus } : { status: iccStatus, ...(iccDate.trim() ? { date: iccDate.trim() } : {}) },
      statementOfIntent: { signed, ...(signed && signedDate.trim() ? { date: signedDate.trim() } : {}) },
    };
    const local = fieldErrors(CityInputSchema, input);
    if (local) return showErrors(local);
    setFields({});
    setBusy(true);
    try {
      const change: Partial<CityInput> = input;
      onSaved(city ? await updateCity(city.id, change) : await createCity({ ...input, archived: false }));
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFailure(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={city ? t('form.editTitle', { city: city.name }) : t('form.addTitle')} onClose={onClose} testId="city-dialog" wide>
      <form ref={formRef} className="form" onSubmit={handleSubmit} noValidate>
        <div className="form__row">
          <TextField
            label={t('form.name')}
            name="name"
            autoComplete="off"
            limit={LIMITS.name}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fields.name}
          />
          <SelectField
            label={t('form.region')}
            name="region"
            value={region}
            onChange={(e) => setRegion(e.target.value)}
            options={regions}
            placeholder={t('form.noRegion')}
            error={fields.region}
          />
        </div>
        <fieldset className="fieldset">
          <legend>{t('form.icc')}</legend>
          <div className="form__row">
            <SelectField
              label={t('form.iccStatus')}
              name="iccStatus"
              value={iccStatus}
              onChange={(e) => setIccStatus(e.target.value as IccStatus)}
              options={ICC_STATUSES.map((s) => [s, t(`icc.${s}`)] as const)}
              error={fields['icc.status']}
            />
            {iccStatus !== IccStatus.none && (
              <TextField
                label={t('form.iccDate')}
                name="iccDate"
                inputMode="numeric"
                placeholder={t('form.datePlaceholder')}
                hint={t('form.dateHint')}
                value={iccDate}
                onChange={(e) => setIccDate(e.target.value)}
                error={fields['icc.date']}
              />
            )}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('form.statement')}</legend>
          <label className="check" htmlFor={`${id}-signed`}>
            <input id={`${id}-signed`} type="checkbox" checked={signed} onChange={(e) => setSigned(e.target.checked)} />
            {t('form.signed')}
          </label>
          {signed && (
            <TextField
              label={t('form.signedDate')}
              name="signedDate"
              inputMode="numeric"
              placeholder={t('form.datePlaceholder')}
              hint={t('form.dateHint')}
              value={signedDate}
              onChange={(e) => setSignedDate(e.target.value)}
              error={fields['statementOfIntent.date']}
            />
          )}
        </fieldset>
        {failure && (
          <p role="alert" className="form__error">
            {t(`errors.${failure}`, { ns: 'translation' })}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving', { ns: 'translation' }) : city ? t('form.submitEdit') : t('form.submitAdd')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel', { ns: 'translation' })}
          </button>
          {city && !city.archived && onArchive && (
            <button type="button" className="button button--danger-outline form__actions-end" onClick={onArchive}>
              {t('form.archive')}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
