import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionComment } from '@dialogo/shared';

/** Props of {@link SectionComments}. */
export interface SectionCommentsProps {
  comments: SectionComment[];
  readOnly: boolean;
  onAdd(text: string): void;
  onResolve(id: string, resolved: boolean): void;
}

/** The comments on the open section, live for everyone; partners add and resolve them. */
export function SectionComments({ comments, readOnly, onAdd, onResolve }: SectionCommentsProps) {
  const { t, i18n } = useTranslation('proposals');
  const id = useId();
  const [text, setText] = useState('');
  const when = (iso: string) => (iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '');
  const open = comments.filter((c) => !c.resolved).length;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) return;
    onAdd(text.trim());
    setText('');
  };

  return (
    <section className="proposal-comments" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('comments.title', { count: open })}</h4>
      {comments.length === 0 && <p className="muted">{t('comments.none')}</p>}
      <ul className="proposal-comments__list" aria-live="polite" data-testid="comments">
        {comments.map((c) => (
          <li key={c.id} className={c.resolved ? 'proposal-comments__item proposal-comments__item--resolved' : 'proposal-comments__item'}>
            <p className="proposal-comments__meta">
              <strong>{c.author}</strong> <span className="muted">{when(c.at)}</span>
              {c.resolved && <span className="badge">{t('comments.resolved')}</span>}
            </p>
            <p className="proposal-comments__text">{c.text}</p>
            {!readOnly && (
              <button type="button" className="button button--small" onClick={() => onResolve(c.id, !c.resolved)}>
                {c.resolved ? t('comments.reopen') : t('comments.resolve')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form onSubmit={handleSubmit} className="proposal-comments__form">
          <label htmlFor={`${id}-text`}>{t('comments.add')}</label>
          <textarea id={`${id}-text`} rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button button--small">
            {t('comments.send')}
          </button>
        </form>
      )}
    </section>
  );
}
