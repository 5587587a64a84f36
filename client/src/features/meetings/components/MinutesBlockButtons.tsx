import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/react';
import { MinutesNode } from '@dialogo/shared';

/** Adds a decision or an action item at the end of a section and puts the caret in it. */
export function MinutesBlockButtons({ editor, title }: { editor: Editor; title: string }): ReactNode {
  const { t } = useTranslation('meetings');
  const add = (type: string, attrs: Record<string, string>) => {
    const end = editor.state.doc.content.size;
    editor
      .chain()
      .insertContentAt(end, { type, attrs })
      .focus(end + 1)
      .run();
  };
  return (
    <div className="room__controls">
      <button type="button" className="button button--small" onClick={() => add(MinutesNode.decision, {})} aria-label={t('minutes.addDecisionTo', { title })}>
        {t('minutes.addDecision')}
      </button>
      <button
        type="button"
        className="button button--small"
        onClick={() => add(MinutesNode.actionItem, { id: crypto.randomUUID(), status: 'open' })}
        aria-label={t('minutes.addActionItemTo', { title })}
      >
        {t('minutes.addActionItem')}
      </button>
    </div>
  );
}
