import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AVAILABILITY,
  ballotErrors,
  LIMITS,
  PROPOSAL_ANSWERS,
  type Availability,
  type BallotChoice,
  type BallotView,
  type Poll,
  type VoteInput,
} from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fieldMessageKey } from '../../../lib/field-messages.ts';
import { DEFAULT_BUDGET, DEFAULT_MAX_SCORE } from '@dialogo/shared';
import { TableScroll } from '../../../components/TableScroll.tsx';

/** Props of {@link BallotForm}. */
export interface BallotFormProps {
  poll: Poll;
  /** The reader's ballot (their city's), to start from when changing it: its answer, and its reason only when the reader cast it. */
  mine?: BallotView;
  /** Sends the ballot; rejects with the server's error. */
  onVote(input: VoteInput): Promise<unknown>;
}

/** The message key of a field error: the polls namespace's own, else the shared field messages. */
export function useFieldMessage() {
  const { t, i18n } = useTranslation('polls');
  return (code: string) =>
    i18n.exists(`fieldErrors.${code}`, { ns: 'polls' }) ? t(`fieldErrors.${code}` as 'fieldErrors.date') : t(fieldMessageKey(code), { ns: 'translation' });
}

function initialChoice(poll: Poll, mine?: BallotView): BallotChoice | null {
  if (mine && mine.choice.kind === poll.kind) return mine.choice;
  switch (poll.kind) {
    case 'proposal':
    case 'single':
      return null;
    case 'multiple':
      return { kind: 'multiple', options: [] };
    case 'ranked':
      return { kind: 'ranked', ranking: [] };
    case 'score':
      return { kind: 'score', scores: {} };
    case 'dot':
      return { kind: 'dot', points: {} };
    case 'meeting-time':
      return { kind: 'meeting-time', answers: {} };
  }
}

/**
 * The ballot of one poll, by kind. Checked in the browser with the same rules as the server
 * (`ballotErrors`); the server's field errors are shown next to their field and focus moves there.
 */
export function BallotForm({ poll, mine, onVote }: BallotFormProps) {
  const { t } = useTranslation('polls');
  const message = useFieldMessage();
  const id = useId();
  const [choice, setChoice] = useState<BallotChoice | null>(() => initialChoice(poll, mine));
  // The reason is the person's own: a co-delegate's (the city's ballot cast by someone else) is
  // shown above the form, never put in it, so re-casting does not send it under this name.
  const [reason, setReason] = useState(mine?.byYou ? (mine.reason ?? '') : '');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ClientErrorCode | null>(null);
  const [done, setDone] = useState(false);
  const choiceRef = useRef<HTMLFieldSetElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setFormError(null);
    const input: VoteInput | null = choice ? { choice, ...(reason.trim() ? { reason: reason.trim() } : {}) } : null;
    const errors = input ? ballotErrors(poll, input) : { choice: 'required' };
    if (Object.keys(errors).length > 0) return showErrors(errors);
    setBusy(true);
    try {
      await onVote(input!);
      setFields({});
      setDone(true);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFormError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    if (errors.choice) (choiceRef.current?.querySelector('input, button, select') as HTMLElement | null)?.focus();
    else if (errors.reason) reasonRef.current?.focus();
  };

  const choiceError = fields.choice ? `${id}-choice-error` : undefined;
  return (
    <form className="form poll-ballot" onSubmit={handleSubmit} noValidate data-testid="ballot-form">
      <fieldset ref={choiceRef} className="poll-ballot__choice" aria-describedby={choiceError} aria-invalid={fields.choice ? true : undefined}>
        <legend>{poll.question}</legend>
        <ChoiceInput poll={poll} choice={choice} onChange={setChoice} />
        {fields.choice && (
          <p id={choiceError} className="field__error">
            {message(fields.choice)}
          </p>
        )}
      </fieldset>
      {poll.settings.reasons !== 'off' && (
        <div className="field">
          <label htmlFor={`${id}-reason`}>{poll.settings.reasons === 'required' ? t('ballot.reason') : t('ballot.reasonOptional')}</label>
          <textarea
            ref={reasonRef}
            id={`${id}-reason`}
            rows={3}
            maxLength={LIMITS.reason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={fields.reason ? true : undefined}
            aria-describedby={fields.reason ? `${id}-reason-error` : undefined}
            required={poll.settings.reasons === 'required'}
          />
          {fields.reason && (
            <p id={`${id}-reason-error`} className="field__error">
              {message(fields.reason)}
            </p>
          )}
        </div>
      )}
      {formError && (
        <p className="form__error" role="alert">
          {t(`errors.${formError}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('ballot.submitting') : mine ? t('ballot.change') : t('ballot.submit')}
        </button>
      </div>
      <p role="status" className="poll-ballot__status" data-testid="ballot-status">
        {done ? t('ballot.cast') : ''}
      </p>
    </form>
  );
}

function ChoiceInput({ poll, choice, onChange }: { poll: Poll; choice: BallotChoice | null; onChange(c: BallotChoice): void }) {
  const { t } = useTranslation('polls');
  const name = useId();
  switch (poll.kind) {
    case 'proposal': {
      const answers = PROPOSAL_ANSWERS.filter((a) => a !== 'block' || poll.settings.allowBlock);
      return (
        <div className="poll-ballot__options">
          {answers.map((a) => (
            <label key={a} className="poll-ballot__option">
              <input
                type="radio"
                name={name}
                checked={choice?.kind === 'proposal' && choice.answer === a}
                onChange={() => onChange({ kind: 'proposal', answer: a })}
              />
              {t(`ballot.answer.${a}`)}
            </label>
          ))}
        </div>
      );
    }
    case 'single':
      return (
        <div className="poll-ballot__options">
          {poll.options.map((o) => (
            <label key={o.id} className="poll-ballot__option">
              <input
                type="radio"
                name={name}
                checked={choice?.kind === 'single' && choice.option === o.id}
                onChange={() => onChange({ kind: 'single', option: o.id })}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    case 'multiple': {
      const picked = choice?.kind === 'multiple' ? choice.options : [];
      const max = poll.settings.maxChoices ?? poll.options.length;
      return (
        <div className="poll-ballot__options">
          <p className="field__hint">{t('ballot.atMost', { count: max })}</p>
          {poll.options.map((o) => (
            <label key={o.id} className="poll-ballot__option">
              <input
                type="checkbox"
                checked={picked.includes(o.id)}
                onChange={(e) => onChange({ kind: 'multiple', options: e.target.checked ? [...picked, o.id] : picked.filter((x) => x !== o.id) })}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case 'score': {
      const scores = choice?.kind === 'score' ? choice.scores : {};
      const max = poll.settings.maxScore ?? DEFAULT_MAX_SCORE;
      return (
        <div className="poll-ballot__options">
          <p className="field__hint">{t('ballot.scoreHint', { max })}</p>
          {poll.options.map((o) => (
            <NumberRow
              key={o.id}
              label={o.label}
              value={scores[o.id] ?? 0}
              max={max}
              onChange={(v) => onChange({ kind: 'score', scores: { ...scores, [o.id]: v } })}
            />
          ))}
        </div>
      );
    }
    case 'dot': {
      const points = choice?.kind === 'dot' ? choice.points : {};
      const budget = poll.settings.budget ?? DEFAULT_BUDGET;
      const left = budget - Object.values(points).reduce((a, b) => a + b, 0);
      return (
        <div className="poll-ballot__options">
          <p className="field__hint" aria-live="polite" data-testid="budget-left">
            {t('ballot.budgetLeft', { left, budget })}
          </p>
          {poll.options.map((o) => (
            <NumberRow
              key={o.id}
              label={o.label}
              value={points[o.id] ?? 0}
              max={budget}
              onChange={(v) => onChange({ kind: 'dot', points: { ...points, [o.id]: v } })}
            />
          ))}
        </div>
      );
    }
    case 'meeting-time': {
      const answers = choice?.kind === 'meeting-time' ? choice.answers : {};
      return (
        <TableScroll label={t('ballot.title')}>
          <table className="poll-grid">
            <thead>
              <tr>
                <th scope="col">{t('ballot.time')}</th>
                {AVAILABILITY.map((a) => (
                  <th scope="col" key={a}>
                    {t(`ballot.availability.${a}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {poll.options.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.label}</th>
                  {AVAILABILITY.map((a: Availability) => (
                    <td key={a}>
                      <input
                        type="radio"
                        name={`${name}-${o.id}`}
                        aria-label={`${o.label}: ${t(`ballot.availability.${a}`)}`}
                        checked={answers[o.id] === a}
                        onChange={() => onChange({ kind: 'meeting-time', answers: { ...answers, [o.id]: a } })}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      );
    }
    case 'ranked':
      return (
        <RankingInput poll={poll} ranking={choice?.kind === 'ranked' ? choice.ranking : []} onChange={(ranking) => onChange({ kind: 'ranked', ranking })} />
      );
  }
}

function NumberRow({ label, value, max, onChange }: { label: string; value: number; max: number; onChange(v: number): void }) {
  const id = useId();
  return (
    <div className="poll-ballot__number">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={0} max={max} step={1} value={value} onChange={(e) => onChange(Math.max(0, Math.trunc(Number(e.target.value) || 0)))} />
    </div>
  );
}

/**
 * Ranked choice by keyboard and screen reader: each ranked option has "move up", "move down" and
 * "remove" buttons, Alt + arrow keys move the focused option, focus follows the moved option and
 * every move is announced.
 */
function RankingInput({ poll, ranking, onChange }: { poll: Poll; ranking: string[]; onChange(r: string[]): void }) {
  const { t } = useTranslation('polls');
  const [announcement, setAnnouncement] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;
  const unranked = poll.options.filter((o) => !ranking.includes(o.id));

  const focusItem = (index: number) => requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLElement>('[data-rank-item]')[index]?.focus());
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ranking.length) return;
    const next = [...ranking];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
    setAnnouncement(t('ballot.moved', { label: label(item!), position: to + 1 }));
    focusItem(to);
  };
  const handleKey = (index: number) => (event: KeyboardEvent) => {
    if (!event.altKey) return;
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(index, index - 1);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, index + 1);
    }
  };

  return (
    <div className="poll-ranking">
      <p className="field__hint">{t('ballot.rankingHint')}</p>
      <h3 className="poll-ranking__title">{t('ballot.ranking')}</h3>
      <ol ref={listRef} className="poll-ranking__list" data-testid="ranking">
        {ranking.map((id, index) => (
          <li key={id} className="poll-ranking__item" tabIndex={0} data-rank-item onKeyDown={handleKey(index)} aria-label={`${index + 1}. ${label(id)}`}>
            <span className="poll-ranking__label">
              <span className="poll-ranking__position" aria-hidden="true">
                {index + 1}.
              </span>{' '}
              {label(id)}
            </span>
            <span className="poll-ranking__buttons">
              <button
                type="button"
                className="button button--small"
                aria-label={t('ballot.moveUp', { label: label(id) })}
                disabled={index === 0}
                onClick={() => move(index, index - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('ballot.moveDown', { label: label(id) })}
                disabled={index === ranking.length - 1}
                onClick={() => move(index, index + 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('ballot.unrank', { label: label(id) })}
                onClick={() => {
                  onChange(ranking.filter((x) => x !== id));
                  setAnnouncement(t('ballot.removed', { label: label(id) }));
                }}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      {unranked.length > 0 && (
        <>
          <h3 className="poll-ranking__title">{t('ballot.unranked')}</h3>
          <ul className="poll-ranking__list poll-ranking__list--unranked">
            {unranked.map((o) => (
              <li key={o.id} className="poll-ranking__item">
                <span className="poll-ranking__label">{o.label}</span>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`${t('ballot.rank')}: ${o.label}`}
                  onClick={() => {
                    onChange([...ranking, o.id]);
                    setAnnouncement(t('ballot.added', { label: o.label, position: ranking.length + 1 }));
                  }}
                >
                  {t('ballot.rank')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
