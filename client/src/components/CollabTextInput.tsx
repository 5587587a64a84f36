import { useEffect, useRef, useSyncExternalStore, useCallback, type InputHTMLAttributes, type RefObject, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { applyTextChange, editableText, LIMITS, textChange, textOf } from '@dialogo/shared';
import { carryOver, mapSelection, type DeltaOp, type Selection } from '../lib/text-binding.ts';
import { LocalEdit } from '../lib/use-doc-undo.ts';
import './collab-text-input.css';

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds an input to one text field of a row (`cells.get(field)`) of a shared document, both ways:
 * what the person types goes in as a character-level change of the field's Y.Text (the difference
 * between the input's value before and after, around the caret), and what others type comes in as
 * their change, with the local caret and selection moved along with the text. A field still stored
 * as a plain string (a document written before) becomes a Y.Text with the same content in the
 * transaction of its first edit.
 *
 * The input is uncontrolled: React never writes its value, so nothing resets the caret.
 */
export function useTextBinding(ref: RefObject<Field | null>, cells: Y.Map<unknown> | undefined, field: string): void {
  useEffect(() => {
    const input = ref.current;
    if (!input || !cells) return;
    const doc = cells.doc;
    /**
     * Origin of this binding's own transactions: their events are not applied back to the input.
     * A person's own typing, in their undo history (`useDocUndo`), merged with what they type next.
     */
    const origin = new LocalEdit(field, false);
    let bound: Y.Text | null = null;
    /** What the input shows as far as the document knows: the text after the last sync either way. */
    let shown = textOf(cells.get(field));
    /** The string this binding turned into a Y.Text, while that Y.Text is the one bound. */
    let convertedFrom: string | null = null;

    const selectionOf = (): Selection | null =>
      document.activeElement === input && input.selectionStart !== null && input.selectionEnd !== null
        ? { start: input.selectionStart, end: input.selectionEnd, direction: input.selectionDirection ?? 'none' }
        : null;

    /** Shows the document's text, keeping the caret where the text around it went. */
    const show = (next: string, delta: readonly DeltaOp[] | null) => {
      const previous = input.value;
      shown = next;
      if (previous === next) return;
      const selection = selectionOf();
      input.value = next;
      if (!selection) return;
      // Without a delta (the field was replaced), the change between the two strings stands for it.
      const mapped = mapSelection(selection, delta ?? deltaOf(textChange(previous, next)));
      input.setSelectionRange(mapped.start, mapped.end, mapped.direction);
    };

    const onText = (event: Y.YTextEvent) => {
      if (event.transaction.origin === origin) return;
      show(bound!.toString(), event.delta as DeltaOp[]);
    };

    const bind = (text: Y.Text | null) => {
      if (text === bound) return;
      bound?.unobserve(onText);
      bound = text;
      bound?.observe(onText);
    };

    const onCells = (event: Y.YMapEvent<unknown>) => {
      if (!event.keysChanged.has(field) || event.transaction.origin === origin) return;
      const value = cells.get(field);
      const next = value instanceof Y.Text ? value : null;
      if (next === bound) return;
      const lost = convertedFrom;
      const mine = input.value;
      bind(next);
      convertedFrom = null;
      if (lost !== null && next && doc) {
        // Someone else turned the same string into a Y.Text at the same moment, and theirs won:
        // what was typed here goes into theirs.
        const carried = carryOver(lost, mine, next.toString());
        if (carried) doc.transact(() => applyTextChange(next, carried), origin);
      }
      show(textOf(value), null);
    };

    const onInput = () => {
      const value = input.value;
      const change = textChange(shown, value, input.selectionEnd ?? undefined);
      shown = value;
      if (!change || !doc) return;
      doc.transact(() => {
        const before = cells.get(field);
        const text = editableText(cells, field);
        if (!text) return;
        if (text !== bound) {
          convertedFrom = typeof before === 'string' || before === undefined ? textOf(before) : null;
          bind(text);
        }
        applyTextChange(text, change);
      }, origin);
    };

    const initial = cells.get(field);
    bind(initial instanceof Y.Text ? initial : null);
    input.value = textOf(initial);
    shown = input.value;
    cells.observe(onCells);
    input.addEventListener('input', onInput);
    return () => {
      input.removeEventListener('input', onInput);
      cells.unobserve(onCells);
      bind(null);
    };
  }, [ref, cells, field]);
}

/** A single change as a delta. */
function deltaOf(change: ReturnType<typeof textChange>): DeltaOp[] {
  if (!change) return [];
  const ops: DeltaOp[] = [{ retain: change.index }];
  if (change.remove) ops.push({ delete: change.remove });
  if (change.insert) ops.push({ insert: change.insert });
  return ops;
}

/** Someone else in a field, as their awareness state names them (stamped by the server). */
export interface FieldPerson {
  id: string;
  name: string;
  color: string;
}

/** The awareness field this binding writes: which text field the person is in, or null. */
const FIELD_STATE = 'textField';

/**
 * Who else has the field `key` of this document focused, from the awareness (each person once,
 * whatever their tabs), and the focus and blur handlers that tell the others where this person is.
 */
export function useFieldPresence(awareness: Awareness | null | undefined, key: string) {
  const cache = useRef<{ json: string; people: FieldPerson[] }>({ json: '[]', people: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!awareness) return () => {};
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    [awareness],
  );
  const getSnapshot = useCallback(() => {
    if (!awareness) return cache.current.people;
    const people = new Map<string, FieldPerson>();
    for (const [client, state] of awareness.getStates()) {
      if (client === awareness.clientID || !state || (state[FIELD_STATE] as { key?: string } | null | undefined)?.key !== key) continue;
      const user = state.user as { id?: unknown; name?: unknown; color?: unknown } | undefined;
      const name = typeof user?.name === 'string' ? user.name : '';
      const id = typeof user?.id === 'string' ? user.id : name;
      if (name) people.set(id, { id, name, color: typeof user?.color === 'string' ? user.color : '#475569' });
    }
    const list = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
    const json = JSON.stringify(list);
    if (json !== cache.current.json) cache.current = { json, people: list };
    return cache.current.people;
  }, [awareness, key]);
  const people = useSyncExternalStore(subscribe, getSnapshot);
  const onFocus = useCallback(() => awareness?.setLocalStateField(FIELD_STATE, { key }), [awareness, key]);
  const onBlur = useCallback(() => {
    if ((awareness?.getLocalState()?.[FIELD_STATE] as { key?: string } | null | undefined)?.key === key) awareness?.setLocalStateField(FIELD_STATE, null);
  }, [awareness, key]);
  useEffect(() => onBlur, [onBlur]);
  return { people, onFocus, onBlur };
}

/** Where the text fields of a table's rows are: each row's cells, and the document's awareness. */
export interface TextRows {
  cells(id: string): Y.Map<unknown> | undefined;
  awareness: Awareness | null;
}

type CommonProps = {
  /** The row holding the field (a Y.Map of cells), or undefined while it is not there. */
  cells: Y.Map<unknown> | undefined;
  field: string;
  /** The document's awareness, to show who else is in the field. */
  awareness?: Awareness | null;
  /** The field's name among the document's fields (row id and column), for the presence. */
  presenceKey: string;
  readOnly?: boolean;
};

export type CollabTextInputProps = CommonProps &
  (
    | ({ multiline?: false } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange'>)
    | ({ multiline: true } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'defaultValue' | 'onChange'>)
  );

/**
 * A text input (or, with `multiline`, a textarea) co-edited like the rich-text editor: see
 * {@link useTextBinding}. The names of the others in the same field show under it, in their colour.
 * Label it as any input (`aria-label`, or a wrapping `<label>`); the names are tied to it with
 * `aria-describedby`.
 */
export function CollabTextInput({ cells, field, awareness, presenceKey, readOnly, multiline, ...rest }: CollabTextInputProps) {
  const { t } = useTranslation();
  const ref = useRef<Field>(null);
  useTextBinding(ref, cells, field);
  const { people, onFocus, onBlur } = useFieldPresence(awareness, presenceKey);
  const presenceId = `presence-${presenceKey.replace(/[^\w-]/g, '-')}`;
  const common = {
    // The editor stops at the field's limit (shared/src/limits.ts); the page still shows a longer
    // text someone else wrote, wrapped (see the long-text browser test).
    maxLength: multiline ? LIMITS.notes : LIMITS.docField,
    ...rest,
    readOnly,
    'data-collab-text': field,
    'aria-describedby': [rest['aria-describedby'], people.length > 0 ? presenceId : ''].filter(Boolean).join(' ') || undefined,
    onFocus: (e: React.FocusEvent<never>) => {
      onFocus();
      (rest.onFocus as ((e: React.FocusEvent<never>) => void) | undefined)?.(e);
    },
    onBlur: (e: React.FocusEvent<never>) => {
      onBlur();
      (rest.onBlur as ((e: React.FocusEvent<never>) => void) | undefined)?.(e);
    },
  };
  return (
    <span
      className={`collab-text${people.length > 0 ? ' collab-text--shared' : ''}`}
      style={people[0] ? ({ '--collab-color': people[0].color } as React.CSSProperties) : undefined}
    >
      {multiline ? (
        <textarea ref={ref as RefObject<HTMLTextAreaElement>} {...(common as TextareaHTMLAttributes<HTMLTextAreaElement>)} />
      ) : (
        <input ref={ref as RefObject<HTMLInputElement>} type="text" {...(common as InputHTMLAttributes<HTMLInputElement>)} />
      )}
      {people.length > 0 && (
        // Described by (aria-describedby), not part of the label of a wrapping <label>.
        <span id={presenceId} className="collab-text__people" data-testid="field-presence" aria-hidden="true">
          <span className="visually-hidden">{t('textField.alsoHere', { names: people.map((p) => p.name).join(', ') })}</span>
          {people.map((p) => (
            <span key={p.id} className="collab-text__person" style={{ backgroundColor: p.color }} aria-hidden="true">
              {p.name}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}
