import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LIMITS, POLL_KINDS, type Poll, type PollInput, type PollKind, type PollSettings } from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { createPoll, fetchAgendaItems, fetchMinutes, pollKeys } from '../api.ts';
import { useFieldMessage } from './BallotForm.tsx';

/** No minutes or agenda items (yet): one empty list, so renders compare equal. */
const NONE: never[] = [];

/** Props of {@link CreatePollForm}. */
export interface CreatePollFormProps {
  onCreated(poll: Poll): void;
}

/** The form's fields, as typed. */
interface Draft {
  question: string;
  description: string;
  kind: PollKind;
  options: string;
  ballot: PollSettings['ballot'];
  anonymous: boolean;
  results: PollSettings['results'];
  reasons: PollSettings['reasons'];
  maxChoices: string;
  maxScore: string;
  budget: string;
  allowBlock: boolean;
  closesAt: string;
  minutes: string;
  agendaItem: string;
}

const EMPTY: Draft = {
  question: '',
  description: '',
  kind: 'single',
  options: '',
  ballot: 'city',
  anonymous: false,
  results: 'live',
  reasons: 'optional',
  maxChoices: '',
  maxScore: '5',
  budget: '10',
  allowBlock: false,
  closesAt: '',
  minutes: '',
  agendaItem: '',
};

function toInput(d: Draft): PollInput {
  const settings: PollSettings = { ballot: d.ballot, anonymous: d.anonymous, results: d.results, reasons: d.reasons };
  if (d.kind === 'multiple' && d.maxChoices) settings.maxChoices = Number(d.maxChoices);
  if (d.kind === 'score') settings.maxScore = Number(d.maxScore);
  if (d.kind === 'dot') settings.budget = Number(d.budget);
  if (d.kind === 'proposal') settings.allowBlock = d.allowBlock;
  return {
    question: d.question,
    description: d.description,
    kind: d.kind,
    options:
      d.kind === 'proposal'
        ? []
        : d.options
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean),
    settings,
    // datetime-local is the person's local time; the server keeps UTC.
    ...(d.closesAt ? { closesAt: Number.isNaN(Date.parse(d.closesAt)) ? d.closesAt : new Date(d.closesAt).toISOString() } : {}),
    ...(d.minutes ? { minutes: d.minutes } : {}),
    ...(d.minutes && d.agendaItem ? { agendaItem: d.agendaItem } : {}),
  };
}

/** The field a server error key belongs to (`settings.maxChoices` → `maxChoices`). */
const fieldOf = (key: string) => key.replace(/^settings\./, '').replace(/\.\d+$/, '');

/**
 * "New poll" for coordinators: a draft with its question, options and settings. The server checks
 * it with the shared schema; each message shows under its field and the first one takes focus.
 */
export function CreatePollForm({ onCreated }: CreatePollFormProps) {
  const { t } = useTranslation('polls');
  const message = useFieldMessage();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  // The minutes a results block may go into, and the items of the chosen minutes' agenda (the block
  // goes under one of them, or the general notes).
  const minutes = useQuery({ queryKey: pollKeys.minutes, queryFn: ({ signal }) => fetchMinutes(signal) }).data ?? NONE;
  const agenda =
    useQuery({ queryKey: pollKeys.agenda(draft.minutes), queryFn: ({ signal }) => fetchAgendaItems(draft.minutes, signal), enabled: !!draft.minutes }).data ??
    NONE;
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ClientErrorCode | null>(null);
  const creating = useMutation({ mutationFn: createPoll });
  const busy = creating.isPending;

  // Once the errors are rendered, the first invalid field takes focus, so its message is read out.
  useEffect(() => {
    if (Object.keys(fields).length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fields]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFields({});
    setFormError(null);
    creating.mutate(toInput(draft), {
      onSuccess: onCreated,
      onError: (err) => {
        if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) {
          const byField: Record<string, string> = {};
          for (const [key, value] of Object.entries(err.fields)) byField[fieldOf(key)] ??= value;
          setFields(byField);
        } else setFormError(errorCode(err));
      },
    });
  };

  /** Wires a control to its label, hint and error. */
  const field = (
    name: string,
    label: string,
    control: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode,
    hint?: string,
  ) => {
    const controlId = `${id}-${name}`;
    const described = [fields[name] ? `${controlId}-error` : null, hint ? `${controlId}-hint` : null].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={controlId}>{label}</label>
        {control({ id: controlId, ...(fields[name] ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
        {hint && (
          <p id={`${controlId}-hint`} className="field__hint">
            {hint}
          </p>
        )}
        {fields[name] && (
          <p id={`${controlId}-error`} className="field__error" data-testid={`${name}-error`}>
            {message(fields[name])}
          </p>
        )}
      </div>
    );
  };

  return (
    <form ref={formRef} className="card form poll-create" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('create.title')}</h2>
      {field('question', t('create.question'), (p) => (
        <input {...p} type="text" maxLength={LIMITS.question} value={draft.question} onChange={(e) => set('question')(e.target.value)} />
      ))}
      {field('description', t('create.description'), (p) => (
        <textarea {...p} rows={2} maxLength={LIMITS.notes} value={draft.description} onChange={(e) => set('description')(e.target.value)} />
      ))}
      {field('kind', t('create.kind'), (p) => (
        <select {...p} value={draft.kind} onChange={(e) => set('kind')(e.target.value as PollKind)}>
          {POLL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      ))}
      {draft.kind !== 'proposal' &&
        field(
          'options',
          t('create.options'),
          (p) => <textarea {...p} rows={4} value={draft.options} onChange={(e) => set('options')(e.target.value)} />,
          t('create.optionsHint'),
        )}
      {draft.kind === 'multiple' &&
        field('maxChoices', t('create.maxChoices'), (p) => (
          <input {...p} type="number" min={1} value={draft.maxChoices} onChange={(e) => set('maxChoices')(e.target.value)} />
        ))}
      {draft.kind === 'score' &&
        field('maxScore', t('create.maxScore'), (p) => (
          <input {...p} type="number" min={1} value={draft.maxScore} onChange={(e) => set('maxScore')(e.target.value)} />
        ))}
      {draft.kind === 'dot' &&
        field('budget', t('create.budget'), (p) => <input {...p} type="number" min={1} value={draft.budget} onChange={(e) => set('budget')(e.target.value)} />)}
      {draft.kind === 'proposal' && (
        <label className="poll-ballot__option">
          <input type="checkbox" checked={draft.allowBlock} onChange={(e) => set('allowBlock')(e.target.checked)} /> {t('create.allowBlock')}
        </label>
      )}
      <fieldset className="poll-create__group">
        <legend>{t('create.ballot')}</legend>
        <label className="poll-ballot__option">
          <input type="radio" name={`${id}-ballot`} checked={draft.ballot === 'city'} onChange={() => set('ballot')('city')} /> {t('create.ballotCity')}
        </label>
        <label className="poll-ballot__option">
          <input type="radio" name={`${id}-ballot`} checked={draft.ballot === 'person'} onChange={() => set('ballot')('person')} /> {t('create.ballotPerson')}
        </label>
        <label className="poll-ballot__option">
          <input type="checkbox" checked={draft.anonymous} onChange={(e) => set('anonymous')(e.target.checked)} /> {t('create.anonymous')}
        </label>
      </fieldset>
      {field('results', t('create.results'), (p) => (
        <select {...p} value={draft.results} onChange={(e) => set('results')(e.target.value as Draft['results'])}>
          {(['live', 'after-close', 'after-vote'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`settings.results.${r}`)}
            </option>
          ))}
        </select>
      ))}
      {field('reasons', t('create.reasons'), (p) => (
        <select {...p} value={draft.reasons} onChange={(e) => set('reasons')(e.target.value as Draft['reasons'])}>
          <option value="off">{t('create.reasonsOff')}</option>
          <option value="optional">{t('create.reasonsOptional')}</option>
          <option value="required">{t('create.reasonsRequired')}</option>
        </select>
      ))}
      {field(
        'closesAt',
        t('create.closesAt'),
        (p) => (
          <input {...p} type="datetime-local" value={draft.closesAt} onChange={(e) => set('closesAt')(e.target.value)} />
        ),
        t('create.closesAtHint'),
      )}
      {field('minutes', t('create.minutes'), (p) => (
        <select {...p} value={draft.minutes} onChange={(e) => setDraft((d) => ({ ...d, minutes: e.target.value, agendaItem: '' }))}>
          <option value="">{t('create.noMinutes')}</option>
          {minutes.map((m) => (
            <option key={m.name} value={m.name}>
              {m.title}
            </option>
          ))}
        </select>
      ))}
      {draft.minutes &&
        field(
          'agendaItem',
          t('create.agendaItem'),
          (p) => (
            <select {...p} value={draft.agendaItem} onChange={(e) => set('agendaItem')(e.target.value)}>
              <option value="">{t('create.generalNotes')}</option>
              {agenda.map((item) => (
                <option key={item.id} value={item.id}>
                  {`${item.number}. ${item.title}`}
                </option>
              ))}
            </select>
          ),
          t('create.agendaItemHint'),
        )}
      {formError && (
        <p className="form__error" role="alert">
          {t(`errors.${formError}`, { ns: 'translation' })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('create.submitting') : t('create.submit')}
      </button>
    </form>
  );
}
