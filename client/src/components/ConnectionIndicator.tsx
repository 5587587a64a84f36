import { useTranslation } from 'react-i18next';
import { CloseReason } from '@dialogo/shared';
import type { ConnectionStatus } from '../lib/collab-provider.ts';

/** Every close reason the server sends has its message (`connection.closed.<reason>`). */
const CLOSED_MESSAGES = {
  [CloseReason.unauthorized]: 'connection.closed.unauthorized',
  [CloseReason.forbidden]: 'connection.closed.forbidden',
  [CloseReason.notFound]: 'connection.closed.unknown-document',
  [CloseReason.malformed]: 'connection.closed.malformed-message',
  [CloseReason.invalidUpdate]: 'connection.closed.invalid-update',
  [CloseReason.foreignClient]: 'connection.closed.client-id-not-own',
  [CloseReason.tooBig]: 'connection.closed.message-too-big',
  [CloseReason.authTimeout]: 'connection.closed.authentication-timeout',
  [CloseReason.documentTooLarge]: 'connection.closed.document-too-large',
  [CloseReason.tooManyConnections]: 'connection.closed.too-many-connections',
  [CloseReason.awarenessRate]: 'connection.closed.awareness-too-fast',
  [CloseReason.syncRate]: 'connection.closed.sync-too-fast',
  [CloseReason.awarenessForeign]: 'connection.closed.awareness-not-own',
  [CloseReason.slowConsumer]: 'connection.closed.slow-consumer',
  [CloseReason.storeUnavailable]: 'connection.closed.store-unavailable',
  [CloseReason.shuttingDown]: 'connection.closed.server-restarting',
  [CloseReason.internal]: 'connection.closed.internal-error',
} as const satisfies Record<CloseReason, string>;

function closedMessageKey(reason: string) {
  return Object.hasOwn(CLOSED_MESSAGES, reason) ? CLOSED_MESSAGES[reason as keyof typeof CLOSED_MESSAGES] : 'connection.closed.other';
}

/**
 * Connected / connecting / offline, plus "unsynced changes" while local edits have not reached the
 * server. A polite live region, so screen readers announce changes without interrupting.
 * `data-state` and `data-unsynced` are what the browser tests read.
 */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  const text = status.closedReason ? t(closedMessageKey(status.closedReason)) : t(`connection.${status.state}`);
  return (
    <div
      className="connection"
      data-testid="connection-status"
      data-state={status.state}
      data-unsynced={status.unsynced ? 'true' : 'false'}
      role="status"
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{text}</span>
      {status.unsynced && <span className="connection__unsynced">{t('connection.unsynced')}</span>}
    </div>
  );
}
