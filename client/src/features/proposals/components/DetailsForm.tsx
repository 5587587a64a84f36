import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, PROPOSAL_VISIBILITIES, type City, type Proposal, type ProposalVisibility, type UpdateProposalInput } from '@dialogo/shared';
import { TextField } from '../../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { lang } from '../format.ts';
import { Plain, Select } from './Controls.tsx';
import { readRules, RulesFields, rulesValues } from './RulesFields.tsx';

const FIELD_KEYS = ['required', 'too-long', 'date', 'unknown', 'duplicate', 'amount'] as const;

/** Props of {@link DetailsForm}. */
export interface DetailsFormProps {
  proposal: Proposal;
  cities: City[];
  onSave(change: UpdateProposalInput): Promise<void>;
  onCancel(): void;
}

/**
 * The lead city's form for the proposal's details: title, call, deadline, partners and their roles,
 * visibility, duration and the call's budget rules. Errors show by their fields; the first is focused.
 */
export function DetailsForm({ proposal, cities, onSave, onCancel }: DetailsFormProps) {
  const { t, i18n } = useTranslation('proposals');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const language = lang(i18n.language);
  const [form, setForm] = useState({
    title: proposal.title,
    call: proposal.call,
    deadline: proposal.deadline,
    leadRole: proposal.leadRole,
    visibility: proposal.visibility as ProposalVisibility,
    durationMonths: String(proposal.durationMonths),
    ...rulesValues(proposal.rules, language),
  });
  const nextKey = useRef(proposal.partners.length);
  const [partners, setPartners] = useState(proposal.partners.map((p, key) => ({ key, ...p })));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const message = (code: string | undefined) =>
    code ? t(`fields.${(FIELD_KEYS as readonly string[]).includes(code) ? code : 'invalid'}` as 'fields.invalid') : undefined;

  const showErrors = (next: Record<string, string>) => {
    setFields(next);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const { rules, errors: local } = readRules(form, language);
    if (Object.keys(local).length > 0) return showErrors(local);
    setBusy(true);
    try {
      await onSave({
        title: form.title,
        call: form.call,
        deadline: form.deadline,
        leadRole: form.leadRole,
        visibility: form.visibility,
        durationMonths: Number(form.durationMonths),
        partners: partners.map(({ cityId, role }) => ({ cityId, role })),
        rules,
      });
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form proposal-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-h`} data-testid="details-form">
      <h2 id={`${id}-h`}>{t('details.title')}</h2>
      <TextField
        label={t('create.name')}
        name="title"
        limit={LIMITS.title}
        value={form.title}
        onChange={(e) => set('title')(e.target.value)}
        error={fields.title}
      />
      <TextField
        label={t('create.call')}
        name="call"
        limit={LIMITS.title}
        value={form.call}
        onChange={(e) => set('call')(e.target.value)}
        error={fields.call}
      />
      <Plain label={t('create.deadline')} name="deadline" type="date" value={form.deadline} onChange={set('deadline')} error={message(fields.deadline)} />
      <TextField
        label={t('create.leadRole')}
        name="leadRole"
        limit={LIMITS.title}
        value={form.leadRole}
        onChange={(e) => set('leadRole')(e.target.value)}
        error={fields.leadRole}
      />
      <fieldset>
        <legend>{t('create.partners')}</legend>
        {partners.map((partner, i) => (
          <div key={partner.key} className="proposal-form__partner">
            <Select
              label={t('create.partnerCity', { n: i + 1 })}
              name={`partners.${i}.cityId`}
              value={partner.cityId}
              onChange={(cityId) => setPartners((ps) => ps.map((p) => (p.key === partner.key ? { ...p, cityId } : p)))}
              error={message(fields[`partners.${i}.cityId`])}
            >
              <option value="">{t('create.chooseCity')}</option>
              {cities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
            <TextField
              label={t('create.partnerRole', { n: i + 1 })}
              limit={LIMITS.title}
              value={partner.role}
              onChange={(e) => setPartners((ps) => ps.map((p) => (p.key === partner.key ? { ...p, role: e.target.value } : p)))}
              error={fields[`partners.${i}.role`]}
            />
            <button type="button" className="button button--small" onClick={() => setPartners((ps) => ps.filter((p) => p.key !== partner.key))}>
              {t('create.removePartner', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setPartners((ps) => [...ps, { key: nextKey.current++, cityId: '', role: '' }])}>
          {t('create.addPartner')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('visibility.label')}</legend>
        {PROPOSAL_VISIBILITIES.map((v) => (
          <label key={v} className="proposal-form__radio">
            <input
              type="radio"
              name={`${id}-visibility`}
              value={v}
              checked={form.visibility === v}
              onChange={() => setForm((f) => ({ ...f, visibility: v }))}
            />{' '}
            {t(`visibility.${v}`)}
          </label>
        ))}
      </fieldset>
      <Plain
        label={t('create.duration')}
        name="durationMonths"
        type="number"
        min={1}
        max={60}
        value={form.durationMonths}
        onChange={set('durationMonths')}
        error={message(fields.durationMonths)}
      />
      <RulesFields
        value={{ maxGrant: form.maxGrant, minCofunding: form.minCofunding }}
        onChange={(rules) => setForm((f) => ({ ...f, ...rules }))}
        errorOf={(name) => message(fields[name])}
      />
      {error && (
        <p className="form__error" role="alert">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('details.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('details.cancel')}
        </button>
      </div>
    </form>
  );
}
