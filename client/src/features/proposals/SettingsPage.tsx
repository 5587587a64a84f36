import { useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FUNDER_KINDS, LIMIT_UNITS, LIMITS, type Funder, type FunderKind, type LimitUnit, type Template } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { addFunder, fetchProposalCatalog, proposalKeys, saveTemplate } from './api.ts';
import { TableScroll } from '../../components/TableScroll.tsx';

type Catalog = Awaited<ReturnType<typeof fetchProposalCatalog>>;

/** Nothing listed (yet): one list each, so renders compare equal. */
const NO_FUNDERS: Funder[] = [];
const NO_TEMPLATES: Template[] = [];

/**
 * `/proposals/settings` (coordinators): the list of funders, which grows as the network meets new
 * ones, and the templates new proposals start from: their sections, titles and limits.
 */
export function SettingsPage() {
  const { t } = useTranslation('proposals');
  usePageTitle(t('settings.title'));
  const queryClient = useQueryClient();
  const catalog = useQuery({ queryKey: proposalKeys.catalog, queryFn: ({ signal }) => fetchProposalCatalog(signal) });
  // The catalog's answer says whether the reader may change it (null until it comes).
  const coordinator = catalog.data?.can.manage ?? null;
  const funders = catalog.data?.funders ?? NO_FUNDERS;
  const templates = catalog.data?.templates ?? NO_TEMPLATES;
  const error = catalog.error ? errorCode(catalog.error) : null;
  /** A funder added or a template saved changes the catalog in the cache (the new-proposal form reads it too). */
  const change = (update: (catalog: Catalog) => Catalog) => queryClient.setQueryData<Catalog>(proposalKeys.catalog, (c) => (c ? update(c) : c));

  return (
    <div className="page">
      <nav className="breadcrumb">
        <Link href="/">
          <span aria-hidden="true">← </span>
          {t('page.back')}
        </Link>
      </nav>
      <section className="card" aria-labelledby="funders-heading">
        <h1 id="funders-heading">{t('settings.title')}</h1>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        <h2>{t('settings.funders')}</h2>
        <ul data-testid="funders">
          {funders.map((f) => (
            <li key={f.id}>
              {f.name} <span className="badge">{t(`funderKinds.${f.kind}`)}</span>{' '}
              {f.templateId && <span className="muted">· {templates.find((x) => x.id === f.templateId)?.name}</span>}
            </li>
          ))}
        </ul>
        {coordinator === false && (
          <p className="notice" data-testid="read-only-notice">
            {t('settings.coordinatorsOnly')}
          </p>
        )}
        {coordinator && (
          <FunderForm
            templates={templates}
            onAdded={(f) => change((c) => ({ ...c, funders: [...c.funders, f].sort((a, b) => a.name.localeCompare(b.name)) }))}
          />
        )}
      </section>
      {coordinator &&
        templates.map((template) => (
          <TemplateEditor
            key={template.id}
            template={template}
            onSaved={(saved) => change((c) => ({ ...c, templates: c.templates.map((x) => (x.id === saved.id ? saved : x)) }))}
          />
        ))}
    </div>
  );
}

function FunderForm({ templates, onAdded }: { templates: Template[]; onAdded(funder: Funder): void }) {
  const { t } = useTranslation('proposals');
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FunderKind>('ministry');
  const [templateId, setTemplateId] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFields({});
    try {
      const funder = await addFunder({ name, kind, ...(templateId ? { templateId } : {}) });
      onAdded(funder);
      setName('');
      setStatus(t('settings.funderAdded', { name: funder.name }));
    } catch (err) {
      if (err instanceof ApiRequestError) setFields({ ...err.fields });
    }
  };

  return (
    <form className="form proposal-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('settings.addFunder')}</h3>
      <TextField label={t('settings.funderName')} limit={LIMITS.name} value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('settings.funderKind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as FunderKind)}>
          {FUNDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`funderKinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-template`}>{t('create.template')}</label>
        <select id={`${id}-template`} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
          <option value="" />
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t('settings.addFunder')}
      </button>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

type DraftSection = { key: string; title: string; max: string; unit: LimitUnit };

function TemplateEditor({ template, onSaved }: { template: Template; onSaved(t: Template): void }) {
  const { t } = useTranslation('proposals');
  const id = useId();
  const [name, setName] = useState(template.name);
  const [sections, setSections] = useState<DraftSection[]>(() =>
    template.sections.map((s) => ({ key: s.key, title: s.title, max: s.limit ? String(s.limit.max) : '', unit: s.limit?.unit ?? 'words' })),
  );
  const [fields, setFields] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const update = (i: number, change: Partial<DraftSection>) => setSections((all) => all.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const message = (code: string | undefined) => (code ? t(`fields.${code === 'required' || code === 'too-long' ? code : 'invalid'}`) : undefined);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFields({});
    setError(null);
    try {
      const saved = await saveTemplate({
        id: template.id,
        name,
        sections: sections.map((s) => ({
          key: s.key,
          title: s.title,
          ...(s.max.trim() ? { limit: { max: Number(s.max), unit: s.unit } } : {}),
        })),
      });
      onSaved(saved);
      setStatus(t('settings.saved'));
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length) setFields({ ...err.fields });
      else setError(errorCode(err));
    }
  };

  return (
    <form className="card form proposal-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-h`} data-testid={`template-${template.id}`}>
      <h2 id={`${id}-h`}>{t('settings.template', { name: template.name })}</h2>
      <TextField label={t('settings.templateName')} limit={LIMITS.name} value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
      <TableScroll label={t('outline.title')}>
        <table className="plan-table proposal-template">
          <caption className="visually-hidden">{t('outline.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.sectionTitle')}</th>
              <th scope="col">{t('settings.limit')}</th>
              <th scope="col">{t('settings.unit')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('budget.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sections.map((s, i) => (
              <tr key={s.key}>
                <td>
                  <input
                    type="text"
                    maxLength={LIMITS.name}
                    value={s.title}
                    aria-label={`${t('settings.sectionTitle')} ${i + 1}`}
                    aria-invalid={fields[`sections.${i}.title`] ? true : undefined}
                    title={message(fields[`sections.${i}.title`])}
                    onChange={(e) => update(i, { title: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={1}
                    value={s.max}
                    aria-label={`${t('settings.limit')} — ${s.title}`}
                    aria-invalid={fields[`sections.${i}.limit.max`] ? true : undefined}
                    onChange={(e) => update(i, { max: e.target.value })}
                  />
                </td>
                <td>
                  <select value={s.unit} aria-label={`${t('settings.unit')} — ${s.title}`} onChange={(e) => update(i, { unit: e.target.value as LimitUnit })}>
                    {LIMIT_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {t(`settings.units.${u}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="button button--small" onClick={() => setSections((all) => all.filter((_, j) => j !== i))}>
                    <span aria-hidden="true">✕</span>
                    <span className="visually-hidden">{t('settings.removeSection', { title: s.title || i + 1 })}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          setSections((all) => [...all, { key: `custom-${Date.now().toString(36)}`, title: '', max: '', unit: 'words' }]);
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`[data-testid="template-${template.id}"] tbody tr:last-child input`)?.focus());
        }}
      >
        {t('settings.addSection')}
      </button>
      {Object.keys(fields).length > 0 && (
        <ul className="form__error" role="alert">
          {Object.entries(fields).map(([field, code]) => (
            <li key={field}>
              {field}: {message(code)}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      <button type="submit" className="button button--primary">
        {t('settings.save')}
      </button>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}
