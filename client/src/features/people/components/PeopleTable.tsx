import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type City, type Person, type PersonView } from '@dialogo/shared';

/** Props of {@link PeopleTable}. */
export interface PeopleTableProps {
  /** Each with what the reader may do with them: `can.manage` (change role), `can.resetPassword`. */
  people: PersonView[];
  cities: City[];
  /** The reader, marked "you" in the list. */
  meId: string;
  /** The outcome of the last change, announced politely above the table. */
  announcement: string;
  onChangeRole(person: Person): void;
  onReset(person: Person): void;
}

/**
 * Everyone in the network: name and email, role (translated), city, language, and per person
 * "Change role" and "Reset link" where the answer's `can` allows them (never one's own role). Filterable by role; fits the page without scrolling sideways.
 */
export function PeopleTable({ people, cities, meId, announcement, onChangeRole, onReset }: PeopleTableProps) {
  const { t } = useTranslation('people');
  const id = useId();
  const [role, setRole] = useState('');
  const shown = people.filter((p) => !role || p.role === role);
  const cityName = (cid: string | undefined) => cities.find((c) => c.id === cid)?.name;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>{t('table.title', { count: people.length })}</h2>
        <div className="table-filters table-filters--inline">
          <div className="table-filters__field">
            <label htmlFor={`${id}-role`}>{t('table.role')}</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">{t('table.allRoles')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`, { ns: 'translation' })}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <p role="status" className="table-status">
        {announcement}
      </p>
      <table className="data-table people-table" data-testid="people-table">
        <caption className="visually-hidden">{t('table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="people-table__person">
              {t('table.person')}
            </th>
            <th scope="col">{t('table.role')}</th>
            <th scope="col">{t('table.city')}</th>
            <th scope="col">{t('table.language')}</th>
            <th scope="col" className="people-table__actions">
              <span className="visually-hidden">{t('table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((person) => (
            <tr key={person.id} data-archived={person.archived || undefined}>
              <th scope="row" className="people-table__person">
                <span className="people-table__name">
                  {person.name}
                  {person.id === meId && <span className="badge">{t('table.you')}</span>}
                  {person.archived && <span className="badge badge--muted">{t('table.archived')}</span>}
                </span>
                <span className="people-table__email">{person.email}</span>
              </th>
              <td>{t(`roles.${person.role}`, { ns: 'translation' })}</td>
              <td>{cityName(person.cityId) ?? <span className="muted">{t('common.none', { ns: 'translation' })}</span>}</td>
              <td lang={person.language}>{t(`language.${person.language}`, { ns: 'translation' })}</td>
              <td className="data-table__actions people-table__actions">
                <div className="data-table__buttons">
                  {person.can.manage && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onChangeRole(person)}
                      aria-label={t('table.changeRoleLabel', { name: person.name })}
                    >
                      {t('table.changeRole')}
                    </button>
                  )}
                  {person.can.resetPassword && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onReset(person)}
                      aria-label={t('table.resetLabel', { name: person.name })}
                    >
                      {t('table.reset')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
