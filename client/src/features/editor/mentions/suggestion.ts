import { ReactRenderer } from '@tiptap/react';
import type { SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';
import type { CommentAuthor } from '@dialogo/shared';
import { mentionable } from '../../comments/api.ts';
import { MentionList, type MentionListHandle, type MentionListProps } from './MentionList.tsx';

/** At most this many names are offered at once; typing more letters narrows them. */
const SHOWN = 8;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

/**
 * The `@` list of a document's editor: the people who may read the document (asked once from the
 * server, which refuses mentions of anyone else anyway), filtered by any part of their name,
 * accents ignored ("nico" finds "Nicolò"). `source` replaces the request when the page has the
 * list already (the comment form).
 */
export function mentionSuggestion(docName: string, source?: () => CommentAuthor[]): Omit<SuggestionOptions<CommentAuthor>, 'editor'> {
  let people: Promise<CommentAuthor[]> | null = null;
  let loaded = !!source;
  const readers = () =>
    source
      ? Promise.resolve(source())
      : (people ??= mentionable(docName).then(
          (list) => ((loaded = true), list),
          () => ((people = null), []),
        ));
  return {
    char: '@',
    items: async ({ query }) => {
      const q = fold(query);
      return (await readers()).filter((p) => fold(p.name).includes(q)).slice(0, SHOWN);
    },
    render: () => {
      let renderer: ReactRenderer<MentionListHandle, MentionListProps> | null = null;
      let editorDom: HTMLElement | null = null;
      const place = (props: SuggestionProps<CommentAuthor>) => {
        const rect = props.clientRect?.();
        const element = renderer?.element as HTMLElement | undefined;
        if (!rect || !element) return;
        element.style.left = `${Math.round(rect.left)}px`;
        element.style.top = `${Math.round(rect.bottom + 4)}px`;
      };
      const toList = (props: SuggestionProps<CommentAuthor>): MentionListProps => ({
        items: props.items,
        query: props.query,
        loading: !loaded,
        command: (attrs) => props.command(attrs as unknown as CommentAuthor),
        onActive: (listId, optionId) => {
          if (!editorDom) return;
          editorDom.setAttribute('aria-controls', listId);
          if (optionId) editorDom.setAttribute('aria-activedescendant', optionId);
          else editorDom.removeAttribute('aria-activedescendant');
        },
      });
      return {
        onStart: (props) => {
          editorDom = props.editor.view.dom;
          renderer = new ReactRenderer(MentionList, { props: toList(props), editor: props.editor });
          const element = renderer.element as HTMLElement;
          element.classList.add('mention-popup');
          document.body.appendChild(element);
          place(props);
        },
        onUpdate: (props) => {
          renderer?.updateProps(toList(props));
          place(props);
        },
        onKeyDown: ({ event }) => {
          if (event.key === 'Escape') {
            renderer?.destroy();
            renderer?.element.remove();
            renderer = null;
            return true;
          }
          return renderer?.ref?.onKeyDown(event) ?? false;
        },
        onExit: () => {
          editorDom?.removeAttribute('aria-activedescendant');
          editorDom?.removeAttribute('aria-controls');
          renderer?.destroy();
          renderer?.element.remove();
          renderer = null;
        },
      };
    },
  };
}
