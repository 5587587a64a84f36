import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { PasswordReset, Person } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { issuePasswordReset } from './api.ts';
import { InviteForm } from './components/InviteForm.tsx';
import { PendingInvites } from './components/PendingInvites.tsx';
import { PeopleTable } from './components/PeopleTable.tsx';
import { PersonDialog } from './components/PersonDialog.tsx';
import { ResetLinkDialog } from './components/ResetLinkDialog.tsx';
import { usePeople } from './hooks/use-people.ts';
import './people.css';

/** Props of {@link PeoplePage}. */
export interface PeoplePageProps {
  /** The coordinator looking at the page, marked "you" (the answer's `can` says they do not change their own role). */
  meId: string;
}

type Open = { kind: 'role'; person: Person } | { kind: 'reset'; person: Person; reset: PasswordReset | null; failure: ClientErrorCode | null } | null;

/**
 * `/people` (coordinators): invite a person by a single-use link, see and revoke pending
 * invitations, change people's role and city, and issue password-reset links. Dialogo sends no
 * mail: every link is shown here, to copy and send.
 */
export function PeoplePage({ meId }: PeoplePageProps) {
  const { t } = useTranslation('people');
  usePageTitle(t('title'));
  const { state, reload } = usePeople();
  const [open, setOpen] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState('');

  // Issued on the click itself (not when the dialog mounts), so one click makes exactly one link.
  const handleReset = async (person: Person) => {
    setOpen({ kind: 'reset', person, reset: null, failure: null });
    const done = (change: { reset?: PasswordReset; failure?: ClientErrorCode }) =>
      setOpen((current) => (current?.kind === 'reset' && current.person.id === person.id ? { ...current, ...change } : current));
    try {
      done({ reset: await issuePasswordReset(person.id) });
    } catch (err) {
      done({ failure: errorCode(err) });
    }
  };

  return (
    <div className="page page--wide people-page">
      <header>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <p className="outbox-link">
          <Link href="/outbox">{t('outbox.link', { ns: 'mail' })}</Link>
        </p>
      </header>
      {state.status === 'loading' && (
        <p className="card muted" role="status">
          {t('loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div role="alert" className="card form__error">
          <p>{t(`errors.${state.code}`, { ns: 'translation' })}</p>
          <button type="button" className="button" onClick={reload}>
            {t('errors.retry', { ns: 'translation' })}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <div className="people-page__invites">
            <InviteForm cities={state.cities} onCreated={reload} />
            <PendingInvites invites={state.invites} cities={state.cities} onRevoked={reload} />
          </div>
          <PeopleTable
            people={state.people}
            cities={state.cities}
            meId={meId}
            announcement={announcement}
            onChangeRole={(person) => setOpen({ kind: 'role', person })}
            onReset={(person) => void handleReset(person)}
          />
          {open?.kind === 'role' && (
            <PersonDialog
              person={open.person}
              cities={state.cities}
              onClose={() => setOpen(null)}
              onSaved={(person) => {
                setOpen(null);
                setAnnouncement(t('role.saved', { name: person.name }));
                reload();
              }}
            />
          )}
          {open?.kind === 'reset' && <ResetLinkDialog person={open.person} reset={open.reset} failure={open.failure} onClose={() => setOpen(null)} />}
        </>
      )}
    </div>
  );
}
