import { Hono } from 'hono';
import { DecideSuggestionSchema } from '@dialogo/shared';
import { authorOf } from '../comments/mentions.ts';
import type { SuggestionDecisions } from '../comments/suggestion-decisions.ts';
import type { Catalog } from '../documents/catalog.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import { type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';
import { documentAccess } from './document-access.ts';

interface Deps {
  catalog: Catalog;
  suggestionDecisions: SuggestionDecisions;
  events: DomainEvents;
}

/**
 * `/api/documents/:name/suggestions/decisions`: the record of suggested changes accepted or
 * rejected. Readers see it; people who may edit (who can accept or reject in the text) add to it,
 * and the document's room hears each one.
 */
export function suggestionRoutes({ catalog, suggestionDecisions, events }: Deps) {
  return new Hono<ApiEnv>()
    .get('/:name/suggestions/decisions', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      return c.json({ decisions: await suggestionDecisions.list(name) });
    })
    .post('/:name/suggestions/decisions', validJson(DecideSuggestionSchema), async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const input = c.req.valid('json');
      const decision = await suggestionDecisions.record(name, authorOf(person), input);
      void events.emit('suggestion.decided', { doc: name, decision });
      return c.json({ decision }, 201);
    });
}
