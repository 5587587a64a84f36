/**
 * TanStack Query for the API: one QueryClient for the tab, so answers are cached between pages
 * and every query is cancelled (its AbortSignal) when nobody needs it any more. Live events say
 * when an answer is out of date: {@link useInvalidateOn} marks the queries to fetch again.
 */
import { QueryClient, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ServerToClientEvents } from '@dialogo/shared';
import { useLiveEvent } from './live.ts';

/** The tab's query cache. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refusal (403, 404, a validation error) will not change by asking again, and a network
        // failure is shown at once with a way to retry, as the pages did before.
        retry: false,
        // Fresh answers come from live events, not from the window regaining focus.
        refetchOnWindowFocus: false,
      },
    },
  });
}

/**
 * While mounted, a live `event` marks the queries under `queryKey` stale; the ones on screen are
 * fetched again. For events that carry no payload the page can use directly.
 */
export function useInvalidateOn<E extends keyof ServerToClientEvents>(
  event: E,
  queryKey: QueryKey | ((...args: Parameters<ServerToClientEvents[E]>) => QueryKey | null),
): void {
  const client = useQueryClient();
  useLiveEvent(event, ((...args: Parameters<ServerToClientEvents[E]>) => {
    const key = typeof queryKey === 'function' ? queryKey(...args) : queryKey;
    if (key) void client.invalidateQueries({ queryKey: key });
  }) as ServerToClientEvents[E]);
}
