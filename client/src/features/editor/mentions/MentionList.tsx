import { forwardRef, useEffect, useId, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommentAuthor } from '@dialogo/shared';

/** Props the suggestion plugin hands over on every keystroke after `@`. */
export interface MentionListProps {
  items: CommentAuthor[];
  query: string;
  /** Still fetching who may be mentioned. */
  loading: boolean;
  /** Inserts the mention of the chosen person. */
  command(attrs: { id: string; label: string }): void;
  /** Tells the editor which option is active (`aria-activedescendant`) and which list it controls. */
  onActive(listId: string, optionId: string | null): void;
}

/** What the editor asks of the open list while it has the keyboard. */
export interface MentionListHandle {
  onKeyDown(event: KeyboardEvent): boolean;
}

/**
 * The people a `@` in the text may name, filtered as one types: arrows move, Enter or Tab picks,
 * Escape closes. The caret stays in the editor, which points at the active option
 * (`aria-activedescendant`) so that a screen reader says each name; a polite status says how many
 * match.
 */
export const MentionList = forwardRef<MentionListHandle, MentionListProps>(function MentionList({ items, query, loading, command, onActive }, ref) {
  const { t } = useTranslation('editor');
  const listId = useId();
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [items]);
  const optionId = (i: number) => `${listId}-option-${i}`;
  useEffect(() => onActive(listId, items.length > 0 ? optionId(Math.min(active, items.length - 1)) : null));

  const pick = (i: number) => {
    const person = items[i];
    if (person) command({ id: person.id, label: person.name });
  };
  useImperativeHandle(ref, () => ({
    onKeyDown(event) {
      if (items.length === 0) return false;
      if (event.key === 'ArrowDown') setActive((i) => (i + 1) % items.length);
      else if (event.key === 'ArrowUp') setActive((i) => (i + items.length - 1) % items.length);
      else if (event.key === 'Enter' || event.key === 'Tab') pick(active);
      else return false;
      return true;
    },
  }));

  return (
    <div className="mention-list">
      <ul id={listId} role="listbox" aria-label={t('mentions.list')} className="mention-list__options">
        {items.map((person, i) => (
          <li
            key={person.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'mention-list__option mention-list__option--active' : 'mention-list__option'}
            // Keeps the caret in the editor while the mouse picks.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(i);
            }}
          >
            {person.name}
          </li>
        ))}
      </ul>
      <p className="mention-list__status" role="status">
        {loading ? t('mentions.loading') : items.length === 0 ? t('mentions.none', { query }) : t('mentions.matches', { count: items.length })}
      </p>
    </div>
  );
});
