import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import {
  LIMITS,
  PROPOSAL_VISIBILITIES,
  type City,
  type CreateProposalInput,
  type Funder,
  type Me,
  type ProposalVisibility,
  type Template,
} from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { createProposal, fetchCities, fetchProposalCatalog, proposalKeys } from './api.ts';
import { Plain, Select } from './components/Controls.tsx';
import { readRules, RulesFields } from './components/RulesFields.tsx';
import { lang } from './format.ts';

type Fields = Record<string, string>;
const FIELD_KEYS = ['required', 'too-long', 'date', 'unknown', 'duplicate', 'not-yours', 'amount'] as const;

/** The order fields are focused in when several have errors. */
const FIELD_ORDER = ['title', 'funderId', 'templateId', 'call', 'deadline', 'leadCityId', 'leadRole', 'partners', 'durationMonths', 'rules'];

/** Nothing to choose from (yet): one list each, so renders compare equal. */
const NO_FUNDERS: Funder[] = [];
const NO_TEMPLATES: Template[] = [];
const NO_CITIES: City[] = [];

/**
 * `/proposals/new`: start a proposal from a template. The server checks every field; each message
 * shows under its field, linked to it, and the first field in error takes the focus.
 */
export function NewProposalPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('proposals');
  usePageTitle(t('create.title'));
  const [, navigate] = useLocation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const catalog = useQuery({ queryKey: proposalKeys.catalog, queryFn: ({ signal }) => fetchProposalCatalog(signal) });
  const citiesQuery = useQuery({ queryKey: proposalKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  // The choices appear once both answers are there, as one load.
  const loaded = catalog.data && citiesQuery.data ? { catalog: catalog.data, cities: citiesQuery.data } : null;
  const funders = loaded?.catalog.funders ?? NO_FUNDERS;
  const templates = loaded?.catalog.templates ?? NO_TEMPLATES;
  const cities = loaded?.cities ?? NO_CITIES;
  const [form, setForm] = useState({
    title: '',
    funderId: '',
    templateId: '',
    call: '',
    deadline: '',
    leadCityId: me.person.role === 'delegate' ? (me.person.cityId ?? '') : '',
    leadRole: '',
    visibility: 'partners' as ProposalVisibility,
    durationMonths: '24',
    maxGrant: '',
    minCofunding: '',
  });
  const [partners, setPartners] = useState<{ key: number; cityId: string; role: string }[]>([]);
  const [fields, setFields] = useState<Fields>({});
  const [submitError, setFormError] = useState<ClientErrorCode | null>(null);
  const loadFailed = catalog.error ?? citiesQuery.error;
  const formError = submitError ?? (loadFailed ? errorCode(loadFailed) : null);
  const [busy, setBusy] = useState(false);
  const nextKey = useRef(0);

  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const message = (code: string | undefined) =>
    code ? t(`fields.${(FIELD_KEYS as readonly string[]).includes(code) ? code : 'invalid'}` as 'fields.invalid') : undefined;
  const template = templates.find((x) => x.id === form.templateId);

  const handleFunder = (funderId: string) => {
    const funder = funders.find((f) => f.id === funderId);
    setForm((f) => ({ ...f, funderId, templateId: funder?.templateId ?? f.templateId }));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    // Amounts are read here, exactly, into cents; a bad one is a field error without a round trip.
    const { rules, errors: local } = readRules(form, lang(i18n.language));
    const input: CreateProposalInput = {
      title: form.title,
      funderId: form.funderId,
      templateId: form.templateId,
      call: form.call,
      deadline: form.deadline,
      leadCityId: form.leadCityId,
      leadRole: form.leadRole,
      partners: partners.map(({ cityId, role }) => ({ cityId, role })),
      visibility: form.visibility,
      durationMonths: Number(form.durationMonths) as unknown as number,
      rules,
    };
    setBusy(true);
    try {
      if (Object.keys(local).length > 0) {
        showErrors(local);
        return;
      }
      const created = await createProposal(input);
      navigate(`/${encodeURIComponent(created.proposal.id)}`);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors(err.fields);
      else setFormError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const showErrors = (next: Fields) => {
    setFields(next);
    setFormError('validation_failed');
    // Focus the first field in error once React has rendered the messages.
    requestAnimationFrame(() => {
      const names = Object.keys(next).sort((a, b) => FIELD_ORDER.findIndex((k) => a.startsWith(k)) - FIELD_ORDER.findIndex((k) => b.startsWith(k)));
      const first = names[0] && formRef.current?.querySelector<HTMLElement>(`[name="${names[0]}"]`);
      (first || formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]'))?.focus();
    });
  };

  return (
    <div className="page">
      <nav className="breadcrumb">
        <Link href="/">
          <span aria-hidden="true">← </span>
          {t('page.back')}
        </Link>
      </nav>
      <form ref={formRef} className="card form proposal-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
        <h1 id={`${id}-heading`}>{t('create.title')}</h1>
        <p className="muted">{t('create.intro')}</p>
        <TextField
          label={t('create.name')}
          hint={t('create.nameHint')}
          name="title"
          limit={LIMITS.title}
          value={form.title}
          onChange={(e) => set('title')(e.target.value)}
          error={fields.title}
          autoComplete="off"
        />
        <Select label={t('create.funder')} name="funderId" value={form.funderId} onChange={handleFunder} error={message(fields.funderId)}>
          <option value="">{t('create.chooseFunder')}</option>
          {funders.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} ({t(`funderKinds.${f.kind}`)})
            </option>
          ))}
        </Select>
        <Select
          label={t('create.template')}
          name="templateId"
          value={form.templateId}
          onChange={set('templateId')}
          error={message(fields.templateId)}
          hint={template ? t('create.sections', { list: template.sections.map((s) => s.title).join(', ') }) : undefined}
        >
          <option value="" />
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
        <TextField
          label={t('create.call')}
          hint={t('create.callHint')}
          name="call"
          limit={LIMITS.title}
          value={form.call}
          onChange={(e) => set('call')(e.target.value)}
          error={fields.call}
        />
        <Plain label={t('create.deadline')} name="deadline" type="date" value={form.deadline} onChange={set('deadline')} error={message(fields.deadline)} />
        <Select label={t('create.lead')} name="leadCityId" value={form.leadCityId} onChange={set('leadCityId')} error={message(fields.leadCityId)}>
          <option value="">{t('create.chooseCity')}</option>
          {cities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <TextField
          label={t('create.leadRole')}
          name="leadRole"
          limit={LIMITS.title}
          value={form.leadRole}
          onChange={(e) => set('leadRole')(e.target.value)}
          error={fields.leadRole}
        />

        <fieldset className="proposal-form__partners">
          <legend>{t('create.partners')}</legend>
          {partners.length === 0 && <p className="muted">{t('create.noPartners')}</p>}
          {partners.map((partner, i) => (
            <div key={partner.key} className="proposal-form__partner" data-testid="partner-row">
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
                name={`partners.${i}.role`}
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
              <input type="radio" name="visibility" value={v} checked={form.visibility === v} onChange={() => setForm((f) => ({ ...f, visibility: v }))} />{' '}
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

        {formError && (
          <p className="form__error" role="alert">
            {formError === 'validation_failed' ? t('create.errors') : t(`errors.${formError}`, { ns: 'translation' })}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('create.submitting') : t('create.submit')}
        </button>
      </form>
    </div>
  );
}
