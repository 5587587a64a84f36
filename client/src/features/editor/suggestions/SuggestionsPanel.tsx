import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEditorState, type Editor } from '@tiptap/react';
import { type CommentAuthor, type SuggestionDecision, type SuggestionDecisionRecord } from '@dialogo/shared';
import { editorKeys, fetchSuggestionDecisions, recordSuggestionDecision } from '../api.ts';
import { useLiveEvent, useLiveRoom } from '../../../lib/live.ts';
import { useMe } from '../../auth/session.tsx';
import { commentKeys, mentionable } from '../../comments/api.ts';
import { attributionKeys, fetchCities } from '../../attribution/api.ts';
import { decideSuggestion, readSuggestions, type Suggestion } from './read-suggestions.ts';

/** Nobody named and nothing decided (yet): one list each, so renders compare equal. */
const NO_ONE: CommentAuthor[] = [];
/** No cities known (yet, or the reader may not see them): authors are named without one. */
const NO_CITIES: { id: string; name: string }[] = [];
const NONE_DECIDED: SuggestionDecisionRecord[] = [];

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/**
 * The suggested changes of one editor's text, each with who suggested it, to accept (the text
 * becomes the document's) or reject (it goes), one by one or all of one person's; and the record
 * of what was decided, which the server keeps with who decided. Shown while there are suggestions
 * or decisions, to people who may edit.
 */
export function SuggestionsPanel({ editor, docName }: { editor: Editor; docName: string }) {
  const { t } = useTranslation('editor');
  const me = useMe();
  const headingId = useId();
  const suggestions =
    useEditorState({
      editor,
      selector: ({ editor: e }) => (e.isDestroyed ? [] : readSuggestions(e.state.doc)),
      equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    }) ?? [];
  const queryClient = useQueryClient();
  // The people who may be mentioned name the suggestions' authors (the comments panel's query, shared).
  const people = useQuery({ queryKey: commentKeys.mentionable(docName), queryFn: ({ signal }) => mentionable(docName, signal) }).data ?? NO_ONE;
  const decisions =
    useQuery({ queryKey: editorKeys.suggestionDecisions(docName), queryFn: ({ signal }) => fetchSuggestionDecisions(docName, signal) }).data ?? NONE_DECIDED;
  const [status, setStatus] = useState('');

  useLiveRoom(`doc:${docName}`);
  // A decision announced live joins the record (the decider's own included); before the record
  // has loaded, its answer will carry it.
  useLiveEvent('suggestions:decided', (change) => {
    if (change.doc !== docName) return;
    queryClient.setQueryData<SuggestionDecisionRecord[]>(editorKeys.suggestionDecisions(docName), (list) =>
      !list || list.some((d) => d.id === change.decision.id) ? list : [change.decision, ...list],
    );
  });

  // The network's cities, to say where each author is from (the attribution panel's query; refused to guests: no city then).
  const cities = useQuery({ queryKey: attributionKeys.cities, queryFn: ({ signal }) => fetchCities(signal), retry: false }).data ?? NO_CITIES;

  const nameOf = (personId: string | null) =>
    personId === me.person.id ? me.person.name : (people.find((p) => p.id === personId)?.name ?? t('suggestions.someone'));
  const cityOf = (personId: string | null) => {
    const cityId = personId === me.person.id ? me.person.cityId : people.find((p) => p.id === personId)?.cityId;
    return cityId ? (cities.find((c) => c.id === cityId)?.name ?? null) : null;
  };
  const describeText = (s: Suggestion) =>
    s.added && s.removed
      ? t('suggestions.replace', { removed: short(s.removed), added: short(s.added) })
      : s.added
        ? t('suggestions.add', { text: short(s.added) })
        : s.removed
          ? t('suggestions.remove', { text: short(s.removed) })
          : s.formatting
            ? t('suggestions.format')
            : '';
  // Whole blocks, splits and joins first, then the text.
  const describe = (s: Suggestion) =>
    [
      ...s.blocks.map((b) =>
        t(b.kind === 'insertion' ? 'suggestions.addBlock' : 'suggestions.removeBlock', {
          block: t(`suggestions.blocks.${b.block}`, { defaultValue: t('suggestions.blocks.other') }),
          text: b.text ? t('suggestions.quoted', { text: short(b.text) }) : '',
        }),
      ),
      ...(s.split ? [t('suggestions.split')] : []),
      ...(s.join ? [t('suggestions.join')] : []),
      describeText(s),
    ]
      .filter(Boolean)
      // The same change made several times at once (a column's cells, row by row) is said once, counted.
      .reduce<{ what: string; times: number }[]>((list, what) => {
        const last = list.at(-1);
        if (last?.what === what) last.times += 1;
        else list.push({ what, times: 1 });
        return list;
      }, [])
      .map(({ what, times }) => (times > 1 ? `${what} (×${times})` : what))
      .join('; ');

  const decide = (list: Suggestion[], decision: SuggestionDecision) => {
    for (const s of list) {
      decideSuggestion(() => editor.state, editor.view.dispatch, s.id, decision === 'accepted');
      recordSuggestionDecision(docName, { suggestion: s.id, decision, excerpt: describe(s).slice(0, 280) }).catch(() => {});
    }
    setStatus(t(decision === 'accepted' ? 'suggestions.acceptedCount' : 'suggestions.rejectedCount', { count: list.length }));
  };

  // "All of one person's" where someone has more than one.
  const authors = [...new Set(suggestions.map((s) => s.author))].filter((a) => suggestions.filter((s) => s.author === a).length > 1);
  if (suggestions.length === 0 && decisions.length === 0)
    return (
      <p className="visually-hidden" role="status">
        {status}
      </p>
    );
  return (
    <section className="suggestions-panel" aria-labelledby={headingId} data-testid="suggestions">
      <h3 id={headingId}>{t('suggestions.heading', { count: suggestions.length })}</h3>
      {suggestions.length > 0 && (
        <ul className="suggestions-panel__list">
          {suggestions.map((s) => {
            const city = cityOf(s.author);
            const what = `${describe(s)} — ${nameOf(s.author)}${city ? ` (${city})` : ''}`;
            return (
              <li key={s.id} className="suggestion-item" data-suggestion={s.id}>
                <span className="suggestion-item__text">
                  <strong>{nameOf(s.author)}</strong>
                  {city && <span className="suggestion-item__city"> ({city})</span>}: {describe(s)}
                </span>
                <span className="suggestions-panel__actions">
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('suggestions.acceptOne', { what })}
                    onClick={() => decide([s], 'accepted')}
                  >
                    {t('suggestions.accept')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('suggestions.rejectOne', { what })}
                    onClick={() => decide([s], 'rejected')}
                  >
                    {t('suggestions.reject')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {authors.length > 0 && (
        <div className="suggestions-panel__actions">
          {authors.map((author) => {
            const theirs = suggestions.filter((s) => s.author === author);
            const name = nameOf(author);
            return [
              <button key={`a-${author}`} type="button" className="button button--small" onClick={() => decide(theirs, 'accepted')}>
                {t('suggestions.acceptAllBy', { name, count: theirs.length })}
              </button>,
              <button key={`r-${author}`} type="button" className="button button--small" onClick={() => decide(theirs, 'rejected')}>
                {t('suggestions.rejectAllBy', { name, count: theirs.length })}
              </button>,
            ];
          })}
        </div>
      )}
      {decisions.length > 0 && (
        <details>
          <summary>{t('suggestions.decided', { count: decisions.length })}</summary>
          <ul className="suggestions-panel__decided">
            {decisions.map((d) => (
              <li key={d.id}>
                {t(d.decision === 'accepted' ? 'suggestions.wasAccepted' : 'suggestions.wasRejected', {
                  what: d.excerpt,
                  by: d.suggestedBy?.name ?? t('suggestions.someone'),
                  decidedBy: d.decidedBy.name,
                })}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </section>
  );
}
