import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { fetchPublication, publish, unpublish, type PublicationStatus } from './api.ts';
import './publishing.css';

type State = { status: 'loading' } | { status: 'private' } | { status: 'public'; publication: PublicationStatus; url?: string };

/**
 * Publishing a document: a public, read-only link anyone can open without an account. The link is
 * shown once, when made (the server keeps only a hash of it); "new link" replaces it and "stop"
 * makes it answer 404 at once.
 */
export function PublishPanel({ name }: { name: string }) {
  const { t, i18n } = useTranslation('publishing');
  const id = useId();
  const linkRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [copied, setCopied] = useState(false);
  /** Revoking the link in use (stopping, or replacing it with a new one) is asked first. */
  const [confirming, setConfirming] = useState<'stop' | 'newLink' | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchPublication(name, controller.signal).then(
      ({ publication }) => setState(publication ? { status: 'public', publication } : { status: 'private' }),
      (err: unknown) => {
        if (!controller.signal.aborted) setError(errorCode(err));
      },
    );
    return () => controller.abort();
  }, [name]);

  useEffect(() => {
    if (state.status === 'public' && state.url) linkRef.current?.select();
  }, [state]);

  const run = async (action: () => Promise<State>) => {
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      setState(await action());
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };
  const makeLink = () => run(async () => ({ status: 'public', ...(await publish(name)) }));
  const copy = async () => {
    if (state.status !== 'public' || !state.url) return;
    try {
      await navigator.clipboard.writeText(state.url);
      setCopied(true);
    } catch {
      linkRef.current?.select(); // no clipboard permission: the link is selected to copy by hand
    }
  };

  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <section className="card publish-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="publish-panel__heading">
        {t('heading')}
      </h2>
      {state.status === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.status === 'private' && (
        <>
          <p className="muted">{t('private')}</p>
          <button type="button" className="button" onClick={makeLink} disabled={busy}>
            {t('publish')}
          </button>
        </>
      )}
      {state.status === 'public' && (
        <>
          <p data-testid="publication-status">{t('public', { date: when(state.publication.publishedAt) })}</p>
          {state.url ? (
            <div className="field">
              <label htmlFor={`${id}-link`}>{t('link')}</label>
              <div className="publish-panel__link">
                <input ref={linkRef} id={`${id}-link`} type="text" readOnly value={state.url} aria-describedby={`${id}-hint`} data-testid="public-link" />
                <button type="button" className="button" onClick={() => void copy()}>
                  {t('copy')}
                </button>
              </div>
              <p id={`${id}-hint`} className="field__hint">
                {t('linkHint')}
              </p>
            </div>
          ) : (
            <p className="field__hint">{t('linkHidden')}</p>
          )}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setConfirming('newLink')} disabled={busy} data-testid="new-public-link">
              {t('newLink')}
            </button>
            <button type="button" className="button button--danger-outline" onClick={() => setConfirming('stop')} disabled={busy} data-testid="stop-publishing">
              {t('stop')}
            </button>
          </div>
          {confirming && (
            <ConfirmDialog
              title={t(`confirm.${confirming}.title`)}
              body={t(`confirm.${confirming}.body`)}
              confirmLabel={t(`confirm.${confirming}.confirm`)}
              danger
              onConfirm={async () => {
                setError(null);
                setCopied(false);
                if (confirming === 'stop') {
                  await unpublish(name);
                  setState({ status: 'private' });
                } else setState({ status: 'public', ...(await publish(name)) });
              }}
              onClose={() => setConfirming(null)}
            />
          )}
        </>
      )}
      <p role="status" className="muted">
        {copied ? t('copied') : ''}
      </p>
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
    </section>
  );
}
