import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { City } from '@dialogo/shared';
import { Dialog } from '../../../components/Dialog.tsx';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { updateCity } from '../api.ts';

/**
 * "Archive Lodi?": archiving takes a city out of the dashboard and its figures but keeps it (and
 * its delegates' accounts), so it is asked once; restoring is one click in the table.
 */
export function ArchiveCityDialog({ city, onClose, onArchived }: { city: City; onClose(): void; onArchived(city: City): void }) {
  const { t } = useTranslation('network');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);

  const handleArchive = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onArchived(await updateCity(city.id, { archived: true }));
    } catch (err) {
      setFailure(errorCode(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('archive.title', { city: city.name })} onClose={onClose} testId="archive-dialog">
      <p>{t('archive.body', { count: city.delegates.length })}</p>
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('common.cancel', { ns: 'translation' })}
        </button>
        <button type="button" className="button button--danger" onClick={() => void handleArchive()} disabled={busy}>
          {t('archive.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
