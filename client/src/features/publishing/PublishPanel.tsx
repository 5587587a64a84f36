import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { fetchPublication, publish, publishingKeys, unpublish } from './api.ts';
import './publishing.css';

/**
 * Publishing a document: a public, read-only link anyone can open without an account. The link is
 * shown once, when made (the server keeps only a hash of it); "new link" replaces it and "stop"
 * makes it answer 404 at once.
 */
export function PublishPanel({ name }: { name: string }) {
  const { t, i18n } = useTranslation('publishing');
  const id = useId();
  const linkRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const key = publishingKeys.publication(name);
  const status = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchPublication(name, signal) });
  /** The link made on this page, of this document: the only time it can be shown. */
  const [made, setMade] = useState<{ name: string; url: string } | null>(null);
  const url = made?.name === name ? made.url : undefined;
  const [actionError, setError] = useState<ClientErrorCode | null>(null);
  const error = actionError ?? (status.error ? errorCode(status.error) : null);
  const [copied, setCopied] = useState(false);
  /** Revoking the link in use (stopping, or replacing it with a new one) is asked first. */
  const [confirming, setConfirming] = useState<'stop' | 'newLink' | null>(null);

  const publishing = useMutation({
    mutationFn: () => publish(name),
    onSuccess: (made) => {
      queryClient.setQueryData(key, { publication: made.publication });
      setMade({ name, url: made.url });
    },
  });
  const unpublishing = useMutation({
    mutationFn: () => unpublish(name),
    onSuccess: () => {
      queryClient.setQueryData(key, { publication: null });
      setMade(null);
    },
  });
  const busy = publishing.isPending || unpublishing.isPending;
  const publication = status.data ? status.data.publication : undefined;

  useEffect(() => {
    if (url) linkRef.current?.select();
  }, [url]);

  const makeLink = () => {
    setError(null);
    setCopied(false);
    publishing.mutate(undefined, { onError: (err) => setError(errorCode(err)) });
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
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
      {publication === undefined && <p className="muted">{t('loading')}</p>}
      {publication === null && (
        <>
          <p className="muted">{t('private')}</p>
          <button type="button" className="button" onClick={makeLink} disabled={busy}>
            {t('publish')}
          </button>
        </>
      )}
      {publication && (
        <>
          <p data-testid="publication-status">{t('public', { date: when(publication.publishedAt) })}</p>
          {url ? (
            <div className="field">
              <label htmlFor={`${id}-link`}>{t('link')}</label>
              <div className="publish-panel__link">
                <input ref={linkRef} id={`${id}-link`} type="text" readOnly value={url} aria-describedby={`${id}-hint`} data-testid="public-link" />
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
                if (confirming === 'stop') await unpublishing.mutateAsync();
                else await publishing.mutateAsync();
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
