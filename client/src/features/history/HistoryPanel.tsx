import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as Y from 'yjs';
import { DocShape, LIMITS, restoreFragment, type BlockChange, type VersionSummary } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { useLiveRoom } from '../../lib/live.ts';
import { useInvalidateOn } from '../../lib/query.ts';
import { compareWithCurrent, historyKeys, listVersions, saveVersion, versionContent, viewVersion } from './api.ts';
import './history.css';

export interface HistoryPanelProps {
  name: string;
  /** The live document: a restore is applied to it, so every participant receives it. */
  doc: Y.Doc;
  canEdit: boolean;
  /**
   * How an earlier state is put back into the live document (a proposal restores every section,
   * its budget and timeline).
   * @default restores the `body` fragment
   */
  restore?: (target: Y.Doc, earlier: Y.Doc) => void;
}

type Shown = { kind: 'view'; version: VersionSummary; html: string } | { kind: 'compare'; version: VersionSummary; changes: BlockChange[] } | null;

/**
 * Versions of the document: save a named one, open one read-only, compare one with the current
 * text, restore one. Restoring adds a change on top (nothing of the history is lost) and reaches
 * everyone connected at once.
 */
export function HistoryPanel({ name, doc, canEdit, restore: restoreInto }: HistoryPanelProps) {
  const { t, i18n } = useTranslation('history');
  const id = useId();
  const queryClient = useQueryClient();
  const versionsQuery = useQuery({ queryKey: historyKeys.versions(name), queryFn: ({ signal }) => listVersions(name, signal) });
  const versions = versionsQuery.data ?? null;
  const [label, setLabel] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [actionError, setError] = useState<ClientErrorCode | null>(null);
  const error = actionError ?? (versionsQuery.error ? errorCode(versionsQuery.error) : null);
  const [shown, setShown] = useState<Shown>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => void queryClient.invalidateQueries({ queryKey: historyKeys.versions(name) }), [queryClient, name]);
  // Versions saved by others (or taken automatically) show up without a reload.
  useLiveRoom(`doc:${name}`);
  useInvalidateOn('versions:changed', ({ doc: changed }) => (changed === name ? historyKeys.versions(name) : null));

  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const title = (v: VersionSummary) => v.label ?? (v.reason ? t(`reasons.${v.reason}`) : t('automatic'));
  const list = (names: { name: string }[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names.map((n) => n.name));
  const writtenBy = ({ contributors: { people, cities } }: VersionSummary) =>
    people.length === 0
      ? ''
      : cities.length === 0
        ? t('writtenBy', { people: list(people) })
        : t('writtenByCities', { people: list(people), cities: list(cities) });

  const guard = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const handleSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFieldError(undefined);
    void guard(async () => {
      try {
        await saveVersion(name, label);
      } catch (err) {
        if (err instanceof ApiRequestError && err.fields.label) {
          setFieldError(err.fields.label);
          return;
        }
        throw err;
      }
      setLabel('');
      setStatus(t('saved'));
      reload();
    });
  };

  const restore = (version: VersionSummary) =>
    guard(async () => {
      if (!window.confirm(t('confirmRestore', { title: title(version) }))) return;
      const earlier = new Y.Doc();
      Y.applyUpdate(earlier, await versionContent(name, version.id));
      if (restoreInto) restoreInto(doc, earlier);
      else restoreFragment(doc.getXmlFragment(DocShape.body), earlier.getXmlFragment(DocShape.body));
      earlier.destroy();
      setShown(null);
      setStatus(t('restored', { title: title(version) }));
    });

  return (
    <section className="card history-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="publish-panel__heading">
        {t('heading')}
      </h2>
      {canEdit && (
        <form className="history-panel__save" onSubmit={handleSave} noValidate>
          <TextField label={t('label')} hint={t('labelHint')} value={label} onChange={(e) => setLabel(e.target.value)} error={fieldError} limit={LIMITS.name} />
          <button type="submit" className="button" disabled={busy}>
            {t('save')}
          </button>
        </form>
      )}
      {versions === null && !error && <p className="muted">{t('loading')}</p>}
      {versions?.length === 0 && <p className="muted">{t('none')}</p>}
      {versions && versions.length > 0 && (
        <ol className="history-panel__list" data-testid="versions">
          {versions.map((version) => (
            <li key={version.id}>
              <span className="history-panel__title">{title(version)}</span>{' '}
              <span className="muted">
                {when(version.createdAt)}
                {version.savedBy ? ` · ${version.savedBy.name}` : ''}
              </span>
              {writtenBy(version) && <span className="history-panel__contributors muted">{writtenBy(version)}</span>}
              <span className="history-panel__actions">
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void guard(async () => setShown({ kind: 'view', ...(await viewVersion(name, version.id)) }))}
                >
                  {t('view')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void guard(async () => setShown({ kind: 'compare', version, changes: await compareWithCurrent(name, version.id) }))}
                >
                  {t('compare')}
                </button>
                {canEdit && (
                  <button type="button" className="button button--small" onClick={() => void restore(version)}>
                    {t('restore')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      {shown && (
        <section className="history-panel__shown" aria-labelledby={`${id}-shown`} tabIndex={-1} ref={(el) => el?.focus()}>
          <h3 id={`${id}-shown`}>{shown.kind === 'view' ? t('viewing', { title: title(shown.version) }) : t('comparing', { title: title(shown.version) })}</h3>
          {shown.kind === 'view' ? (
            // Server-rendered from the Yjs tree: every text escaped, only safe links (as on published pages).
            <div className="history-panel__content" dangerouslySetInnerHTML={{ __html: shown.html }} />
          ) : (
            <ul className="history-panel__diff" data-testid="comparison">
              {shown.changes.map((change, i) => (
                <li key={i} className={`diff diff--${change.change}`}>
                  {change.html ? (
                    // A table or a list, server-rendered as on published pages (every text escaped, known tags only).
                    change.change === 'added' ? (
                      <ins className="diff__block" dangerouslySetInnerHTML={{ __html: change.html }} />
                    ) : change.change === 'removed' ? (
                      <del className="diff__block" dangerouslySetInnerHTML={{ __html: change.html }} />
                    ) : (
                      <div className="diff__block" dangerouslySetInnerHTML={{ __html: change.html }} />
                    )
                  ) : change.change === 'added' ? (
                    <ins>{change.text}</ins>
                  ) : change.change === 'removed' ? (
                    <del>{change.text}</del>
                  ) : (
                    change.text
                  )}
                  {change.change !== 'same' && <span className="visually-hidden"> ({t(change.change)})</span>}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button button--small" onClick={() => setShown(null)}>
            {t('close')}
          </button>
        </section>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
    </section>
  );
}
