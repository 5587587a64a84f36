import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { agendaDocName, AgendaShape, plannedMinutes, type AgendaItem, type MeetingView } from '@dialogo/shared';
import { ConnectionIndicator } from '../../../components/ConnectionIndicator.tsx';
import type { CollabSession } from '../../../lib/collab-provider.ts';
import { participantOf } from '../../../lib/participant.ts';
import { useCollabSession, useConnectionStatus } from '../../../lib/use-collab-session.ts';
import { useMe } from '../../auth/session.tsx';
import { lengthMinutes } from '../format.ts';
import { useAgenda } from '../hooks/use-agenda.ts';
import { RichTextField } from './RichTextField.tsx';
import { CollabTextInput } from '../../../components/CollabTextInput.tsx';
import { UndoButtons, UndoNotice } from '../../../components/UndoControls.tsx';
import { useDocUndo } from '../../../lib/use-doc-undo.ts';

export interface AgendaEditorProps {
  meeting: MeetingView;
  /** What the route adds under the agenda (versions, export, publishing), given its live document. */
  renderTools?: (name: string, doc: Y.Doc) => ReactNode;
}

/** The meeting's agenda, co-edited live: ordered items with sub-items, time boxes and descriptions. */
export function AgendaEditor({ meeting, renderTools }: AgendaEditorProps) {
  const { t } = useTranslation('meetings');
  const session = useCollabSession(agendaDocName(meeting.id));
  return (
    <>
      <section className="card" aria-labelledby="agenda-heading">
        <header className="editor-card__header">
          <h2 id="agenda-heading">{t('agenda.title')}</h2>
          {session && <Status session={session} />}
        </header>
        {session ? (
          <Agenda session={session} meeting={meeting} readOnly={!meeting.permissions.edit} />
        ) : (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
      </section>
      {session && renderTools && <div className="document-tools">{renderTools(agendaDocName(meeting.id), session.doc)}</div>}
    </>
  );
}

function Status({ session }: { session: CollabSession }) {
  return <ConnectionIndicator status={useConnectionStatus(session)} />;
}

function Agenda({ session, meeting, readOnly }: { session: CollabSession; meeting: MeetingView; readOnly: boolean }) {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const user = participantOf(me.person);
  const agenda = useAgenda(session.doc);
  const { items } = agenda;
  // This person's own changes to the items (their descriptions have the editor's own history).
  const history = useDocUndo(session.doc, (doc) => [doc.getMap(AgendaShape.items)], { readOnly });
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** After a move, focus follows the moved item (the element is re-created in its new place). */
  const focusAfter = useRef<{ id: string; selector: string } | null>(null);

  useEffect(() => {
    const next = focusAfter.current;
    if (!next) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-item="${next.id}"] ${next.selector}`);
    if (el) {
      focusAfter.current = null;
      el.focus();
    }
  });

  const planned = plannedMinutes(items);
  const length = lengthMinutes(meeting.startsAt, meeting.endsAt);
  const itemName = (item: AgendaItem) => `${item.number}. ${item.title || t('agenda.untitled')}`;

  type Moved = 'agenda.moved' | 'agenda.movedUp' | 'agenda.movedDown' | 'agenda.indented' | 'agenda.outdented';
  const after = (item: AgendaItem, done: boolean, message: Moved, selector = '[data-handle]') => {
    if (!done) return;
    focusAfter.current = { id: item.id, selector };
    setAnnouncement(t(message, { name: itemName(item) }));
  };

  /** Alt+↑/↓ move the item, Alt+→/← nest it under the item above or take it out; anywhere in its row. */
  const handleKey = (item: AgendaItem) => (event: KeyboardEvent) => {
    if (readOnly || !event.altKey) return;
    const selector = event.target instanceof HTMLElement && event.target.dataset.field ? `[data-field="${event.target.dataset.field}"]` : '[data-handle]';
    const actions: Record<string, () => void> = {
      ArrowUp: () => after(item, agenda.move(item.id, -1), 'agenda.movedUp', selector),
      ArrowDown: () => after(item, agenda.move(item.id, 1), 'agenda.movedDown', selector),
      ArrowRight: () => after(item, agenda.indent(item.id), 'agenda.indented', selector),
      ArrowLeft: () => after(item, agenda.outdent(item.id), 'agenda.outdented', selector),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const drop = (target: AgendaItem) => (event: DragEvent) => {
    event.preventDefault();
    const id = event.dataTransfer.getData('text/x-agenda-item') || dragging;
    setDragging(null);
    const item = items.find((i) => i.id === id);
    if (item) after(item, agenda.moveBefore(item.id, target.id), 'agenda.moved');
  };

  return (
    <>
      <p className={planned > length ? 'notice' : 'muted'} data-testid="agenda-total" role="status">
        {t('agenda.total', { planned, length })}
        {planned > length && ` ${t('agenda.over', { count: planned - length })}`}
      </p>
      {!readOnly && <p className="field__hint">{t('agenda.keyboardHint')}</p>}
      {readOnly && <p className="notice">{t('agenda.readOnly')}</p>}
      {!readOnly && <UndoButtons undo={history} label={t('agenda.history')} />}
      <ol className="agenda" ref={listRef} aria-labelledby="agenda-heading">
        {items.map((item) => (
          <li
            key={item.id}
            data-item={item.id}
            data-testid="agenda-item"
            className={`agenda__item agenda__item--depth-${item.depth}${dragging === item.id ? ' agenda__item--dragging' : ''}`}
            onKeyDown={handleKey(item)}
            onDragOver={(e) => {
              if (dragging && dragging !== item.id) e.preventDefault();
            }}
            onDrop={drop(item)}
          >
            <div className="agenda__row">
              {!readOnly && (
                <button
                  type="button"
                  className="agenda__handle"
                  data-handle
                  draggable
                  aria-label={t('agenda.handle', { name: itemName(item) })}
                  aria-describedby="agenda-keyboard-hint"
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/x-agenda-item', item.id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDragging(item.id);
                  }}
                  onDragEnd={() => setDragging(null)}
                >
                  ⠿
                </button>
              )}
              <span className="agenda__number" aria-hidden="true">
                {item.number}
              </span>
              {/* Labels by id, not wrapping: the names of the others in a field are not part of its label. */}
              <span className="agenda__field agenda__field--title">
                <label className="visually-hidden" htmlFor={`agenda-title-${item.id}`}>
                  {t('agenda.fields.title', { number: item.number })}
                </label>
                <CollabTextInput
                  id={`agenda-title-${item.id}`}
                  cells={agenda.cells(item.id)}
                  field="title"
                  awareness={session.provider.awareness}
                  presenceKey={`${item.id}:title`}
                  data-field="title"
                  readOnly={readOnly}
                  placeholder={t('agenda.untitled')}
                />
              </span>
              <span className="agenda__field">
                <label className="agenda__label" htmlFor={`agenda-presenter-${item.id}`}>
                  {t('agenda.fields.presenter')}
                </label>
                <CollabTextInput
                  id={`agenda-presenter-${item.id}`}
                  cells={agenda.cells(item.id)}
                  field="presenter"
                  awareness={session.provider.awareness}
                  presenceKey={`${item.id}:presenter`}
                  data-field="presenter"
                  readOnly={readOnly}
                />
              </span>
              <label className="agenda__field agenda__field--minutes">
                <span className="agenda__label">{t('agenda.fields.minutes')}</span>
                <input
                  type="number"
                  data-field="minutes"
                  data-doc-undo
                  min={0}
                  max={1440}
                  value={item.minutes}
                  readOnly={readOnly}
                  onChange={(e) => agenda.setField(item.id, 'minutes', String(Math.max(0, Math.min(1440, Math.round(Number(e.target.value) || 0)))))}
                />
              </label>
              {!readOnly && (
                <span className="agenda__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => after(item, agenda.move(item.id, -1), 'agenda.movedUp', '[data-action="up"]')}
                    data-action="up"
                    aria-label={t('agenda.moveUp', { name: itemName(item) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => after(item, agenda.move(item.id, 1), 'agenda.movedDown', '[data-action="down"]')}
                    data-action="down"
                    aria-label={t('agenda.moveDown', { name: itemName(item) })}
                  >
                    ↓
                  </button>
                  {item.depth === 0 ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => after(item, agenda.indent(item.id), 'agenda.indented')}
                      aria-label={t('agenda.indent', { name: itemName(item) })}
                    >
                      →
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => after(item, agenda.outdent(item.id), 'agenda.outdented')}
                      aria-label={t('agenda.outdent', { name: itemName(item) })}
                    >
                      ←
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => history.deleted(t('agenda.removed', { name: itemName(item) }), () => agenda.remove(item.id))}
                    aria-label={t('agenda.remove', { name: itemName(item) })}
                  >
                    ✕
                  </button>
                </span>
              )}
            </div>
            <Description
              session={session}
              id={item.id}
              label={t('agenda.fields.description', { name: itemName(item) })}
              readOnly={readOnly}
              user={user}
              agenda={agenda}
            />
          </li>
        ))}
      </ol>
      <p id="agenda-keyboard-hint" className="visually-hidden">
        {t('agenda.keyboardHint')}
      </p>
      {!readOnly && (
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              const id = agenda.addItem();
              focusAfter.current = { id, selector: '[data-field="title"]' };
              setAnnouncement(t('agenda.added'));
            }}
          >
            {t('agenda.add')}
          </button>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <UndoNotice undo={history} />
    </>
  );
}

function Description({
  session,
  id,
  label,
  readOnly,
  user,
  agenda,
}: {
  session: CollabSession;
  id: string;
  label: string;
  readOnly: boolean;
  user: ReturnType<typeof participantOf>;
  agenda: ReturnType<typeof useAgenda>;
}) {
  const fragment = agenda.description(id);
  if (!fragment) return null;
  return (
    <div className="agenda__description">
      <RichTextField fragment={fragment} provider={session.provider} user={user} label={label} readOnly={readOnly} className="agenda__description-text" />
    </div>
  );
}
