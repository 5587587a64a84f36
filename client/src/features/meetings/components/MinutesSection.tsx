import type * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import type { CollabSession } from '../../../lib/collab-provider.ts';
import type { participantOf } from '../../../lib/participant.ts';
import { MinutesBlockButtons } from './MinutesBlockButtons.tsx';
import { MINUTES_EXTENSIONS } from './minutes-nodes.tsx';
import { RichTextField } from './RichTextField.tsx';

/** One section of the minutes (the general notes or an agenda item's), marked while its item is being discussed. */
export function MinutesSection({
  title,
  fragment,
  session,
  user,
  readOnly,
  current,
  testId,
}: {
  title: string;
  fragment: Y.XmlFragment;
  session: CollabSession;
  user: ReturnType<typeof participantOf>;
  readOnly: boolean;
  current: boolean;
  testId: string;
}) {
  const { t } = useTranslation('meetings');
  const headingId = `${testId}-heading`;
  return (
    <section
      className={`minutes-section${current ? ' minutes-section--current' : ''}`}
      aria-labelledby={headingId}
      aria-current={current ? 'true' : undefined}
      data-testid={testId}
      data-current={current ? 'true' : undefined}
    >
      <h3 id={headingId}>
        {title}
        {current && <span className="badge"> {t('room.now')}</span>}
      </h3>
      <RichTextField
        fragment={fragment}
        provider={session.provider}
        user={user}
        label={t('minutes.sectionLabel', { title })}
        readOnly={readOnly}
        extensions={MINUTES_EXTENSIONS}
        toolbar
        testId={`${testId}-editor`}
        actions={(editor) => (readOnly ? null : <MinutesBlockButtons editor={editor} title={title} />)}
      />
    </section>
  );
}
