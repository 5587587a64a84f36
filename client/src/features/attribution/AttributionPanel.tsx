import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import type { DocAuthor } from '@dialogo/shared';
import { setEditorMeta } from '../../lib/editor-decorations.ts';
import { distinctColours, participantOf } from '../../lib/participant.ts';
import { attributionKeys, fetchCities } from './api.ts';
import { authorsOf } from './authorship.ts';
import { attributionKey, type ColourOf } from './highlights.ts';
import './attribution.css';

type Mode = 'off' | 'person' | 'city';

export interface AttributionPanelProps {
  doc: Y.Doc;
  editor: Editor | null;
}

/**
 * "Who wrote what": off, by person or by city. Writing registers this person as the author of
 * their client id in the document; the legend names every author with their colour.
 */
export function AttributionPanel({ doc, editor }: AttributionPanelProps) {
  const { t } = useTranslation('attribution');
  const id = useId();
  const [mode, setMode] = useState<Mode>('off');
  const [authors, setAuthors] = useState<Map<string, DocAuthor>>(new Map());

  useEffect(() => {
    const map = authorsOf(doc);
    const read = () => setAuthors(new Map(map.entries()));
    read();
    map.observe(read);
    return () => map.unobserve(read);
  }, [doc]);

  // Asked when the legend is by city. Guests do not see the network's cities: on a refusal the
  // legend falls back to people's names.
  const cities = useQuery({
    queryKey: attributionKeys.cities,
    queryFn: ({ signal }) => fetchCities(signal),
    enabled: mode === 'city',
  });
  const cityNames = useMemo(() => new Map((cities.data ?? []).map((c) => [c.id, c.name])), [cities.data]);

  const keyOf = useMemo(() => (author: DocAuthor) => (mode === 'city' && author.city ? author.city : author.person), [mode]);
  // Each author's own participant colour, unless another author of this document has it already.
  const colours = useMemo(() => distinctColours([...authors.values()].map(keyOf)), [authors, keyOf]);
  const colourOfId = (key: string) => colours.get(key) ?? participantOf({ id: key, name: '' }).color;

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const colourOf: ColourOf | null =
      mode === 'off'
        ? null
        : (client) => {
            const author = authors.get(String(client));
            return author ? (colours.get(keyOf(author)) ?? null) : null;
          };
    return setEditorMeta(editor, attributionKey, { colourOf });
  }, [editor, mode, authors, keyOf, colours]);

  const legend = useMemo(() => {
    const entries = new Map<string, string>();
    for (const author of authors.values()) {
      const key = keyOf(author);
      if (!entries.has(key)) entries.set(key, mode === 'city' && author.city ? (cityNames.get(author.city) ?? author.name) : author.name);
    }
    return [...entries].sort((a, b) => a[1].localeCompare(b[1]));
  }, [authors, keyOf, mode, cityNames]);

  return (
    <section className="card attribution-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('heading')}</h2>
      <fieldset className="attribution-panel__modes">
        <legend>{t('colourBy')}</legend>
        {(['off', 'person', 'city'] as const).map((m) => (
          <label key={m} className="checkbox">
            <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(`mode.${m}`)}
          </label>
        ))}
      </fieldset>
      {mode !== 'off' &&
        (legend.length === 0 ? (
          <p className="muted">{t('nobody')}</p>
        ) : (
          <>
            <ul className="attribution-legend" aria-label={t('legend')} data-testid="attribution-legend">
              {legend.map(([key, name]) => (
                <li key={key}>
                  <span className="attribution-legend__swatch" style={{ backgroundColor: colourOfId(key) }} aria-hidden="true" />
                  {name}
                </li>
              ))}
            </ul>
            <p className="field__hint">{t('unattributed')}</p>
          </>
        ))}
    </section>
  );
}
