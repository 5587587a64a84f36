import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS, type City, type MeetingView } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { calendarIcsUrl, createMeeting, fetchCities, fetchMeetings, meetingKeys, updateMeeting } from './api.ts';
import { formatDateTime, isoToLocalInput, localInputToIso, viewerTimeZone } from './format.ts';
import './meetings.css';

/** No cities (yet): the form offers none. */
const NO_CITIES: City[] = [];

/** `/meetings`: upcoming and past meetings, the network's calendar, and a new meeting for whoever may (the answer's `can.create`). */
export function MeetingsPage() {
  const { t, i18n } = useTranslation('meetings');
  usePageTitle(t('list.title'));
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const listed = useQuery({ queryKey: meetingKeys.list, queryFn: ({ signal }) => fetchMeetings(signal) });
  const cities = useQuery({ queryKey: meetingKeys.cities, queryFn: ({ signal }) => fetchCities(signal) }).data ?? NO_CITIES;
  const meetings = listed.data?.meetings ?? null;
  const failed = listed.error ?? null;
  const error: ClientErrorCode | null = failed && !listed.isFetching ? errorCode(failed) : null;

  const now = new Date().toISOString();
  const upcoming = (meetings ?? []).filter((m) => m.status !== 'closed' && m.endsAt >= now);
  const past = (meetings ?? []).filter((m) => !(m.status !== 'closed' && m.endsAt >= now)).reverse();
  // A meeting still planned but already past its time is listed with the past ones, marked as not held.

  const list = (items: MeetingView[], id: string) =>
    items.length === 0 ? (
      <p className="muted">{t('list.none')}</p>
    ) : (
      <ul className="document-list" aria-labelledby={id}>
        {items.map((m) => (
          <li key={m.id} className="document-list__item">
            <Link className="document-list__link" href={`/meetings/${m.id}`}>
              {m.title}
            </Link>
            <span className="document-list__meta">
              {formatDateTime(m.startsAt, i18n.language)} ·{' '}
              <span className={m.cancelledAt ? 'badge badge--muted' : 'badge'}>{m.cancelledAt ? t('cancelMeeting.badge') : t(`status.${m.status}`)}</span>
            </span>
          </li>
        ))}
      </ul>
    );

  return (
    <div className="page">
      <section className="card" aria-labelledby="meetings-heading">
        <h1 id="meetings-heading">{t('list.title')}</h1>
        <p className="muted">{t('list.zone', { zone: viewerTimeZone() })}</p>
        <p>
          <a className="button" href={calendarIcsUrl} download>
            {t('list.calendar')}
          </a>
        </p>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        {!meetings && !error && (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
        {meetings && (
          <>
            <h2 id="upcoming-heading">{t('list.upcoming')}</h2>
            {list(upcoming, 'upcoming-heading')}
            <h2 id="past-heading">{t('list.past')}</h2>
            {list(past, 'past-heading')}
          </>
        )}
      </section>
      {listed.data?.can.create && (
        <MeetingForm
          cities={cities}
          onSaved={(m) => {
            void queryClient.invalidateQueries({ queryKey: meetingKeys.list });
            navigate(`/meetings/${m.id}`);
          }}
        />
      )}
    </div>
  );
}

/**
 * The details of a meeting: a new one (POST) or, with `meeting`, the changes of an existing one
 * (PATCH). Times are typed in the viewer's zone and sent as UTC instants.
 */
export function MeetingForm({ cities, onSaved, meeting }: { cities: City[]; onSaved(m: MeetingView): void; meeting?: MeetingView }) {
  const { t } = useTranslation('meetings');
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState(() => ({
    title: meeting?.title ?? '',
    startsAt: meeting ? isoToLocalInput(meeting.startsAt) : '',
    endsAt: meeting ? isoToLocalInput(meeting.endsAt) : '',
    onlineUrl: meeting?.onlineUrl ?? '',
    place: meeting?.place ?? '',
    hostCityId: meeting?.hostCityId ?? '',
    experts: meeting?.experts ?? '',
    support: meeting?.support ?? '',
    notes: meeting?.notes ?? '',
  }));
  const [participantCities, setParticipantCities] = useState<string[]>(meeting?.participants.cities ?? []);
  const [restricted, setRestricted] = useState(meeting?.visibility === 'participants');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const input = {
        ...fields,
        startsAt: localInputToIso(fields.startsAt),
        endsAt: localInputToIso(fields.endsAt),
        participants: { cities: participantCities, people: meeting?.participants.people ?? [] },
        visibility: restricted ? ('participants' as const) : ('network' as const),
      };
      onSaved(meeting ? await updateMeeting(meeting.id, input) : await createMeeting(input));
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) {
        setErrors(err.fields);
        // Focus the first field with a problem, so its message is read out.
        const first = Object.keys(err.fields)[0];
        form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      } else setFormError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const error = (key: string) => (errors[key] ? t(`fieldErrors.${errors[key]}`, { defaultValue: t('fieldErrors.invalid') }) : undefined);
  return (
    <form ref={form} className="card form meeting-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{meeting ? t('edit.title') : t('create.title')}</h2>
      <FieldWithMessage label={t('fields.title')} name="title" limit={LIMITS.title} value={fields.title} onChange={set('title')} message={error('title')} />
      <FieldWithMessage
        label={t('fields.startsAt')}
        name="startsAt"
        type="datetime-local"
        value={fields.startsAt}
        onChange={set('startsAt')}
        message={error('startsAt')}
        hint={t('create.zoneHint', { zone: viewerTimeZone() })}
      />
      <FieldWithMessage
        label={t('fields.endsAt')}
        name="endsAt"
        type="datetime-local"
        value={fields.endsAt}
        onChange={set('endsAt')}
        message={error('endsAt')}
      />
      <FieldWithMessage
        label={t('fields.onlineUrl')}
        name="onlineUrl"
        type="url"
        maxLength={LIMITS.url}
        value={fields.onlineUrl}
        onChange={set('onlineUrl')}
        message={error('onlineUrl')}
      />
      <FieldWithMessage label={t('fields.place')} name="place" limit={LIMITS.place} value={fields.place} onChange={set('place')} message={error('place')} />
      <div className="field">
        <label htmlFor={`${id}-host`}>{t('fields.hostCity')}</label>
        <select id={`${id}-host`} name="hostCityId" value={fields.hostCityId} onChange={set('hostCityId')}>
          <option value="">{t('create.noHost')}</option>
          {cities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cities`}>{t('create.cities')}</label>
        <select
          id={`${id}-cities`}
          name="participants.cities"
          multiple
          size={6}
          value={participantCities}
          aria-describedby={`${id}-cities-hint`}
          onChange={(e) => setParticipantCities([...e.target.selectedOptions].map((o) => o.value))}
        >
          {cities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <p id={`${id}-cities-hint`} className="field__hint">
          {t('create.citiesHint')}
        </p>
      </div>
      <div className="field">
        <label className="check-field" data-testid="restricted-label">
          <input type="checkbox" name="visibility" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
          <span>{t('create.restricted')}</span>
        </label>
      </div>
      <FieldWithMessage
        label={t('fields.experts')}
        name="experts"
        limit={LIMITS.meetingPeople}
        value={fields.experts}
        onChange={set('experts')}
        message={error('experts')}
      />
      <FieldWithMessage
        label={t('fields.support')}
        name="support"
        limit={LIMITS.meetingPeople}
        value={fields.support}
        onChange={set('support')}
        message={error('support')}
      />
      <FieldWithMessage label={t('fields.notes')} name="notes" limit={LIMITS.notes} value={fields.notes} onChange={set('notes')} message={error('notes')} />
      {formError && (
        <p className="form__error" role="alert">
          {t(`errors.${formError}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {meeting ? t('edit.submit') : t('create.submit')}
        </button>
      </div>
    </form>
  );
}

/** A TextField whose message is already translated (our own field codes: dates, links). */
function FieldWithMessage({
  message,
  ...props
}: {
  label: string;
  name: string;
  value: string;
  type?: string;
  hint?: string;
  message?: string;
  /** The schema's limit: a count under the field (shared/src/limits.ts). */
  limit?: number;
  maxLength?: number;
  onChange(e: { target: { value: string } }): void;
}) {
  return (
    <div>
      <TextField {...props} aria-errormessage={undefined} />
      {message && (
        <p className="field__error" role="alert" data-testid={`${props.name}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}
