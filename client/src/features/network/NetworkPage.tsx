import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { City } from '@dialogo/shared';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ArchiveCityDialog } from './components/ArchiveCityDialog.tsx';
import { CityActivity } from './components/CityActivity.tsx';
import { CityDialog } from './components/CityDialog.tsx';
import { CityTable } from './components/CityTable.tsx';
import { NetworkFigures } from './components/NetworkFigures.tsx';
import { useNetwork } from './hooks/use-network.ts';
import './network.css';

/** What is open on top of the page: the city form (new or existing city) or the archive question. */
type Open = { kind: 'add' } | { kind: 'edit'; city: City } | { kind: 'archive'; city: City } | null;

/**
 * `/`: the network's dashboard. Who may add, change and archive cities is the cities' answer's (`can`). Its figures (how many cities have an ICC Index profile, how many
 * signed the Statement of Intent) come from the server, which counts the stored cities; the
 * table lists every member with its region, profile, statement and delegates.
 */
export function NetworkPage() {
  const { t } = useTranslation('network');
  const { state, reload } = useNetwork();
  const [open, setOpen] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState('');
  usePageTitle(state.status === 'ready' ? state.network.name : t('title'));

  const done = (message: string) => {
    setOpen(null);
    setAnnouncement(message);
    reload();
  };

  return (
    <div className="page page--wide network-page">
      <header className="network-page__header">
        <p className="network-page__eyebrow">{t('title')}</p>
        <h1>{state.status === 'ready' ? state.network.name : t('title')}</h1>
        <p className="muted">{t('intro')}</p>
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
          <NetworkFigures stats={state.network.stats} />
          <CityTable
            cities={state.cities}
            canAdd={state.canAdd}
            announcement={announcement}
            onAdd={() => setOpen({ kind: 'add' })}
            onEdit={(city) => setOpen({ kind: 'edit', city })}
            onRestored={(city) => done(t('archive.restored', { city: city.name }))}
          />
          <CityActivity />
        </>
      )}
      {open?.kind === 'add' && <CityDialog onClose={() => setOpen(null)} onSaved={(city) => done(t('form.added', { city: city.name }))} />}
      {open?.kind === 'edit' && (
        <CityDialog
          city={open.city}
          onClose={() => setOpen(null)}
          onSaved={(city) => done(t('form.saved', { city: city.name }))}
          onArchive={() => setOpen({ kind: 'archive', city: open.city })}
        />
      )}
      {open?.kind === 'archive' && (
        <ArchiveCityDialog city={open.city} onClose={() => setOpen(null)} onArchived={(city) => done(t('archive.done', { city: city.name }))} />
      )}
    </div>
  );
}
