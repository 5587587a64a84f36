import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { City, Invite, InviteView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { revokeInvite } from '../api.ts';

/** Props of {@link PendingInvites}. */
export interface PendingInvitesProps {
  /** Each says whether the reader may revoke it (`can.revoke`). */
  invites: InviteView[];
  cities: City[];
  onRevoked(): void;
}

/**
 * Invitations not yet used and not expired: who, as what, until when, each with Revoke (its link
 * stops working at once). Links themselves are shown only when made: the server keeps a hash.
 */
export function PendingInvites({ invites, cities, onRevoked }: PendingInvitesProps) {
  const { t, i18n } = useTranslation('people');
  const id = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const pending = invites.filter((i) => i.status === 'pending');
  const cityName = (cid: string | undefined) => cities.find((c) => c.id === cid)?.name;

  const handleRevoke = async (invite: Invite, who: string) => {
    setBusy(invite.id);
    setFailure(null);
    try {
      await revokeInvite(invite.id);
      setAnnouncement(t('pending.revoked', { who }));
      onRevoked();
    } catch (err) {
      setFailure(errorCode(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="pending-invites">
      <h2 id={`${id}-heading`}>{t('pending.title')}</h2>
      <p role="status" className="table-status">
        {announcement}
      </p>
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      {pending.length === 0 ? (
        <p className="muted">{t('pending.empty')}</p>
      ) : (
        <ul className="invite-list">
          {pending.map((invite) => {
            const role = t(`roles.${invite.role}`, { ns: 'translation' });
            const who = invite.name || invite.email || t('pending.someone');
            const city = cityName(invite.cityId);
            return (
              <li key={invite.id} className="invite-list__item">
                <div className="invite-list__who">
                  <span className="invite-list__name">{who}</span>
                  {invite.name && invite.email && <span className="muted invite-list__email">{invite.email}</span>}
                  <span className="invite-list__meta">
                    {city ? t('pending.roleCity', { role, city }) : role}
                    {' · '}
                    {t('pending.expires', { date: formatDateTime(invite.expiresAt, i18n.language) })}
                  </span>
                </div>
                {invite.can.revoke && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void handleRevoke(invite, who)}
                    disabled={busy === invite.id}
                    aria-label={t('pending.revokeLabel', { who })}
                  >
                    {t('pending.revoke')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
