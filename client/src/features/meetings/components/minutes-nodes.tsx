import { createContext, useContext, useId } from 'react';
import { Node, mergeAttributes } from '@tiptap/core';
import { NodeViewContent, NodeViewWrapper, ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { ACTION_ITEM_STATUSES, MinutesNode } from '@dialogo/shared';

/** What the action items' fields offer: the owners to choose from (`city:<id>`, `person:<id>`). */
export const MinutesContext = createContext<{ owners: [string, string][] }>({ owners: [] });

/**
 * A decision recorded in the minutes: a block of text marked as a decision. Its text is edited
 * like any paragraph (carets, concurrent typing), the block is what makes it findable.
 */
export const Decision = Node.create({
  name: MinutesNode.decision,
  group: 'block',
  content: 'inline*',
  defining: true,
  parseHTML: () => [{ tag: 'div[data-decision]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-decision': '' }), 0],
  addNodeView: () => ReactNodeViewRenderer(DecisionView),
});

function DecisionView() {
  const { t } = useTranslation('meetings');
  return (
    <NodeViewWrapper as="div" className="minutes-block" data-testid="decision" role="group" aria-label={t('minutes.decision')}>
      <span className="minutes-block__kind" contentEditable={false}>
        {t('minutes.decision')}
      </span>
      <NodeViewContent className="minutes-block__text" />
    </NodeViewWrapper>
  );
}

/**
 * An action item: its description is the block's text; owner, due date and status are attributes
 * of the block, changed through the fields beside it. The tracker reads and changes them here: the
 * minutes are the one place an action item is kept.
 */
export const ActionItemNode = Node.create({
  name: MinutesNode.actionItem,
  group: 'block',
  content: 'inline*',
  defining: true,
  addAttributes: () => ({
    id: { default: null },
    owner: { default: '' },
    due: { default: '' },
    status: { default: 'open' },
  }),
  parseHTML: () => [{ tag: 'div[data-action-item]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-action-item': '' }), 0],
  addNodeView: () => ReactNodeViewRenderer(ActionItemView),
});

function ActionItemView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const { t } = useTranslation('meetings');
  const { owners } = useContext(MinutesContext);
  const id = useId();
  const readOnly = !editor.isEditable;
  const attrs = node.attrs as { owner: string; due: string; status: string };
  return (
    <NodeViewWrapper
      as="div"
      className="minutes-block minutes-block--action"
      data-testid="action-item"
      data-status={attrs.status}
      role="group"
      aria-label={t('minutes.actionItem')}
    >
      <span className="minutes-block__kind" contentEditable={false}>
        {t('minutes.actionItem')}
      </span>
      <NodeViewContent className="minutes-block__text" />
      <div className="minutes-block__fields" contentEditable={false}>
        <label htmlFor={`${id}-owner`}>
          {t('actionItems.owner')}
          <select id={`${id}-owner`} value={attrs.owner} disabled={readOnly} onChange={(e) => updateAttributes({ owner: e.target.value })}>
            <option value="">{t('actionItems.noOwner')}</option>
            {owners.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-due`}>
          {t('actionItems.due')}
          <input id={`${id}-due`} type="date" value={attrs.due} disabled={readOnly} onChange={(e) => updateAttributes({ due: e.target.value })} />
        </label>
        <label htmlFor={`${id}-status`}>
          {t('actionItems.status')}
          <select id={`${id}-status`} value={attrs.status} disabled={readOnly} onChange={(e) => updateAttributes({ status: e.target.value })}>
            {ACTION_ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actionItems.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </NodeViewWrapper>
  );
}

export const MINUTES_EXTENSIONS = [Decision, ActionItemNode];
