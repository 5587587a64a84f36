import { useTranslation } from 'react-i18next';
import type { OutlineSection } from '../hooks/use-proposal-doc.ts';

/** Props of {@link Outline}. */
export interface OutlineProps {
  sections: OutlineSection[];
  selected: string | null;
  cityName(id: string): string;
  /** The person's city: their sections are marked. */
  myCity?: string | undefined;
  onSelect(key: string): void;
}

/** How much of a section is written, against the funder's limit when there is one. */
export function useCountLabel() {
  const { t } = useTranslation('proposals');
  return (s: OutlineSection) => {
    const unit = s.limitUnit ?? 'words';
    const used = unit === 'characters' ? s.characters : s.words;
    return s.limitMax !== undefined ? t(`outline.limit_${unit}`, { used, max: s.limitMax }) : t(`outline.${unit}`, { count: used });
  };
}

/**
 * The sections in order, each with who writes it, its progress (empty, being written, ready) and
 * its length against the limit. Each is a button that opens the section for writing.
 */
export function Outline({ sections, selected, cityName, myCity, onSelect }: OutlineProps) {
  const { t } = useTranslation('proposals');
  const countLabel = useCountLabel();
  return (
    <ol className="proposal-outline" data-testid="outline">
      {sections.map((s) => (
        <li key={s.key} className={`proposal-outline__item proposal-outline__item--${s.progress}`} data-section={s.key}>
          <button type="button" className="proposal-outline__button" aria-current={selected === s.key ? 'true' : undefined} onClick={() => onSelect(s.key)}>
            <span className="proposal-outline__title">{s.title}</span>
            <span className="proposal-outline__meta">
              <span className={`badge proposal-progress proposal-progress--${s.progress}`} data-testid="section-progress">
                {t(`outline.progress.${s.progress}`)}
              </span>{' '}
              · {s.assignee ? cityName(s.assignee) : t('outline.nobody')}
              {s.assignee && s.assignee === myCity ? ` (${t('outline.yourSection')})` : ''} ·{' '}
              <span className={s.over ? 'proposal-over' : undefined}>{countLabel(s)}</span>
              {s.over && <span className="visually-hidden"> {t('outline.over')}</span>}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
