import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import { COMMENT_BODY_MAX, type CommentAnchor, type CommentAuthor, type CommentThreadView } from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { fieldMessageKey } from '../../lib/field-messages.ts';
import { setEditorMeta } from '../../lib/editor-decorations.ts';
import { useLiveEvent, useLiveRoom } from '../../lib/live.ts';
import { commentKeys, listThreads, mentionable, openThread, reply, setResolved, type ThreadList } from './api.ts';
import './comments.css';
import { MentionTextInput } from '../editor/mentions/MentionTextInput.tsx';
import { resolveAnchor, selectionAnchor } from './anchors.ts';
import { commentHighlightsKey } from './highlights.ts';

/** Nobody to mention (yet, or a reader who may not comment): one list, so renders compare equal. */
const NO_ONE: CommentAuthor[] = [];

export interface CommentsPanelProps {
  name: string;
  /** The mounted editor (its text carries the highlights); null while it loads. */
  editor: Editor | null;
  /**
   * A proposal's section: only its threads are shown, new ones are opened on it, and the panel is
   * a part of the section rather than a card of its own.
   */
  section?: string;
  /** @default 2 */
  headingLevel?: 2 | 3 | 4;
}

type Draft = { body: string; mentions: string[] };
const emptyDraft: Draft = { body: '', mentions: [] };

/**
 * Comment threads of the document: open one on the selected text, reply, mention people (they
 * are notified), resolve and reopen. Changes by others arrive live through the document's room.
 * What the reader may do is the answer's: the list's `can.open`, each thread's `can`.
 */
export function CommentsPanel({ name, editor, section, headingLevel = 2 }: CommentsPanelProps) {
  const { t } = useTranslation('comments');
  const id = useId();
  const queryClient = useQueryClient();
  // One query per document, shared by the panels of its sections.
  const threadsQuery = useQuery({ queryKey: commentKeys.threads(name), queryFn: ({ signal }) => listThreads(name, signal) });
  const threads = threadsQuery.data?.threads ?? null;
  const canOpen = threadsQuery.data?.can.open ?? false;
  const people = useQuery({ queryKey: commentKeys.mentionable(name), queryFn: ({ signal }) => mentionable(name, signal), enabled: canOpen }).data ?? NO_ONE;
  const [showResolved, setShowResolved] = useState(false);
  const [active, setActive] = useState<string | null>(null);
  const [selection, setSelection] = useState<{ anchor: CommentAnchor; quote: string } | null>(null);
  const [actionError, setError] = useState<ClientErrorCode | null>(null);
  const error = actionError ?? (threadsQuery.error ? errorCode(threadsQuery.error) : null);
  const [status, setStatus] = useState('');

  // A thread the server answered replaces its copy in the cache (or joins it).
  const upsert = useCallback(
    (thread: CommentThreadView) =>
      queryClient.setQueryData<ThreadList>(commentKeys.threads(name), (answer) =>
        answer
          ? {
              ...answer,
              threads: answer.threads.some((t) => t.id === thread.id)
                ? answer.threads.map((t) => (t.id === thread.id ? thread : t))
                : [...answer.threads, thread],
            }
          : answer,
      ),
    [queryClient, name],
  );

  useLiveRoom(`doc:${name}`);
  // Announced to the whole room, without what each reader may do with it: the list is read again.
  useLiveEvent('comments:changed', ({ doc }) => {
    if (doc === name) void queryClient.invalidateQueries({ queryKey: commentKeys.threads(name) });
  });

  // The editor shows the open threads' text, the active one stronger.
  useEffect(() => {
    if (!editor || editor.isDestroyed || !threads) return;
    return setEditorMeta(editor, commentHighlightsKey, { threads, active });
  }, [editor, threads, active]);

  // What a new thread would be anchored to: the editor's selection, kept while focus is here.
  useEffect(() => {
    if (!editor) return;
    const update = () => {
      if (!editor.isDestroyed) setSelection(selectionAnchor(editor.state));
    };
    update();
    editor.on('selectionUpdate', update);
    return () => {
      editor.off('selectionUpdate', update);
    };
  }, [editor]);

  const showInText = (thread: CommentThreadView) => {
    setActive(thread.id);
    if (!editor || editor.isDestroyed) return;
    const range = resolveAnchor(editor.state, thread.anchor);
    if (!range) return setStatus(t('anchorGone'));
    editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  };

  const guarded = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (err) {
      if (!(err instanceof ApiRequestError && Object.keys(err.fields).length)) setError(errorCode(err));
      throw err;
    }
  };

  const mine = section === undefined ? threads : (threads?.filter((th) => th.section === section) ?? null);
  const visible = (mine ?? []).filter((th) => showResolved || !th.resolved);
  const resolvedCount = (mine ?? []).filter((th) => th.resolved).length;
  const Heading = `h${headingLevel}` as const;

  return (
    <section
      className={section === undefined ? 'card comments-panel' : 'comments-panel comments-panel--section'}
      aria-labelledby={`${id}-heading`}
      data-testid="comments"
    >
      <Heading id={`${id}-heading`}>{section === undefined ? t('heading') : t('sectionHeading', { count: (mine ?? []).length - resolvedCount })}</Heading>
      {canOpen && (
        <CommentForm
          legend={selection ? t('newOn', { quote: ellipsis(selection.quote) }) : t(section === undefined ? 'selectFirst' : 'selectFirstSection')}
          label={t('comment')}
          submit={t('add')}
          docName={name}
          people={people}
          disabled={!selection}
          onSubmit={(draft) =>
            guarded(async () => {
              if (!selection) return;
              const thread = await openThread(name, { ...selection, ...draft, ...(section === undefined ? {} : { section }) });
              upsert(thread);
              setActive(thread.id);
              setStatus(t('added'));
            })
          }
        />
      )}
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      {threads === null && !error && <p className="muted">{t('loading')}</p>}
      {mine?.length === 0 && <p className="muted">{t(section === undefined ? 'none' : 'noneInSection')}</p>}
      {resolvedCount > 0 && (
        <label className="checkbox">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> {t('showResolved', { count: resolvedCount })}
        </label>
      )}
      <ol className="comment-threads" data-testid="comment-threads">
        {visible.map((thread) => (
          <li
            key={thread.id}
            className={`comment-thread${thread.id === active ? ' comment-thread--active' : ''}${thread.resolved ? ' comment-thread--resolved' : ''}`}
            data-testid="comment-thread"
          >
            <article aria-label={thread.imported ? t('importedThread') : t('threadOn', { quote: ellipsis(thread.quote) })}>
              {thread.imported ? (
                <p className="comment-thread__imported muted">{t('imported')}</p>
              ) : (
                <blockquote className="comment-thread__quote">{thread.quote}</blockquote>
              )}
              <ol className="comment-thread__comments">
                {thread.comments.map((c) => (
                  <li key={c.id}>
                    <CommentView
                      author={c.author.name}
                      {...(c.signedAs ? { signedAs: c.signedAs } : {})}
                      at={c.createdAt}
                      body={c.body}
                      mentions={c.mentions.map((pid) => people.find((p) => p.id === pid)?.name).filter((n): n is string => !!n)}
                    />
                  </li>
                ))}
              </ol>
              <div className="comment-thread__actions">
                {!thread.imported && (
                  <button type="button" className="button button--small" onClick={() => showInText(thread)}>
                    {t('showInText')}
                  </button>
                )}
                {thread.can.resolve && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      void guarded(async () => {
                        const changed = await setResolved(name, thread.id, !thread.resolved);
                        upsert(changed);
                        setStatus(changed.resolved ? t('resolvedStatus') : t('reopenedStatus'));
                      }).catch(() => {})
                    }
                  >
                    {thread.resolved ? t('reopen') : t('resolve')}
                  </button>
                )}
              </div>
              {thread.resolved && thread.resolvedBy && <p className="muted">{t('resolvedBy', { name: thread.resolvedBy.name })}</p>}
              {thread.can.reply && !thread.resolved && (
                <CommentForm
                  legend={t('replyLegend')}
                  label={t('reply')}
                  submit={t('sendReply')}
                  docName={name}
                  people={people}
                  onSubmit={(draft) =>
                    guarded(async () => {
                      upsert(await reply(name, thread.id, draft));
                      setStatus(t('replied'));
                    })
                  }
                />
              )}
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ellipsis(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function CommentView({ author, signedAs, at, body, mentions }: { author: string; signedAs?: string; at: string; body: string; mentions: string[] }) {
  const { t, i18n } = useTranslation('comments');
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
  return (
    <div className="comment">
      <p className="comment__meta">
        <strong>{author}</strong> {signedAs && <span className="muted">{t('signedAs', { name: signedAs })} </span>}
        <time dateTime={at}>{when}</time>
      </p>
      <p className="comment__body">{body}</p>
      {mentions.length > 0 && <p className="comment__mentions muted">{t('mentioned', { names: mentions.join(', ') })}</p>}
    </div>
  );
}

interface CommentFormProps {
  legend: string;
  label: string;
  submit: string;
  /** The document commented on: `@` offers its readers. */
  docName: string;
  people: CommentAuthor[];
  disabled?: boolean;
  /** Rejects with the server's error; field errors are shown next to their field. */
  onSubmit(draft: Draft): Promise<void>;
}

/** A comment's text and the people it mentions; kept as typed when the server refuses it. */
function CommentForm({ legend, label, submit, docName, people, disabled = false, onSubmit }: CommentFormProps) {
  const { t } = useTranslation('comments');
  const id = useId();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.body.trim()) return setFields({ body: 'required' });
    setBusy(true);
    setFields({});
    try {
      await onSubmit(draft);
      setDraft(emptyDraft);
    } catch (err) {
      if (err instanceof ApiRequestError) setFields({ ...err.fields });
    } finally {
      setBusy(false);
    }
  };
  const bodyError = fields.body;
  const mentionError = fields.mentions;

  return (
    <form className="comment-form" onSubmit={send} aria-labelledby={`${id}-legend`}>
      <p id={`${id}-legend`} className="comment-form__legend">
        {legend}
      </p>
      <div className="field">
        <label id={`${id}-label`}>{label}</label>
        <MentionTextInput
          id={`${id}-body`}
          value={draft}
          onChange={setDraft}
          docName={docName}
          people={people}
          maxLength={COMMENT_BODY_MAX}
          disabled={disabled}
          labelledBy={`${id}-label`}
          describedBy={[`${id}-hint`, bodyError ? `${id}-body-error` : '', mentionError ? `${id}-mentions-error` : ''].filter(Boolean).join(' ')}
          invalid={!!bodyError || !!mentionError}
        />
        {people.length > 0 && (
          <p id={`${id}-hint`} className="field__hint">
            {t('mentionHint')}
          </p>
        )}
        {bodyError && (
          <p id={`${id}-body-error`} className="field__error">
            {t(fieldMessageKey(bodyError), { ns: 'translation' })}
          </p>
        )}
        {mentionError && (
          <p id={`${id}-mentions-error`} className="field__error">
            {t('notAReader')}
          </p>
        )}
      </div>
      <button type="submit" className="button button--small" disabled={disabled || busy}>
        {submit}
      </button>
    </form>
  );
}
