import type { ActionItem, ActionItemView, Meeting, MeetingView } from '@dialogo/shared';
import { can, permissionsOn, type Actor, type Resource } from '../access/policy.ts';
import { meetingResource, meetingScope } from './resource.ts';

/**
 * Meetings and their action items as the API answers them, each with what its reader may do
 * (`permissions`, `can`), asked of the policy here so that no page guesses it from a role.
 */

/** The policy's resource for a meeting's minutes: its participants, locked once approved. */
export function minutesResource(meeting: Pick<Meeting, 'participants' | 'visibility' | 'minutesStatus'>): Resource {
  return { kind: 'minutes', scope: { ...meetingScope(meeting), ...(meeting.minutesStatus === 'approved' ? { locked: true } : {}) } };
}

/** One meeting as `reader` sees it. */
export function presentMeeting(reader: Actor, meeting: Meeting): MeetingView {
  const resource = meetingResource(meeting);
  const minutes: Resource = { kind: 'minutes', scope: meetingScope(meeting) };
  // Registering (or taking it back) is for whoever sees the meeting, until it closes or is cancelled.
  const register = can(reader, 'read', resource) && meeting.status !== 'closed' && !meeting.cancelledAt;
  return { ...meeting, permissions: permissionsOn(reader, resource, minutes), can: { register } };
}

/** One action item of `meeting`'s minutes as `reader` sees it: its status is changed by who may write those minutes (not once they are approved). */
export function presentActionItem(reader: Actor, item: ActionItem, meeting: Pick<Meeting, 'participants' | 'visibility' | 'minutesStatus'>): ActionItemView {
  return { ...item, can: { setStatus: can(reader, 'edit', minutesResource(meeting)) } };
}
