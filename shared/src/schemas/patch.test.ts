import { describe, expect, it } from 'vitest';
import { MeetingInputSchema, MeetingPatchSchema } from './meetings.ts';
import { CityInputSchema, CityPatchSchema } from './network.ts';
import { PollPatchSchema } from './poll.ts';

/** A PATCH changes what it names: a field it leaves out keeps its value, it is not reset to the default. */
describe('PATCH bodies', () => {
  it('of a meeting keep its visibility, participants and details when only the title changes', () => {
    expect(MeetingPatchSchema.parse({ title: 'New title' })).toEqual({ title: 'New title' });
    expect(MeetingPatchSchema.parse({ participants: { cities: ['torino'] } })).toEqual({ participants: { cities: ['torino'], people: [] } });
    expect(MeetingPatchSchema.safeParse({ visibility: 'everyone' }).success).toBe(false);
    expect(MeetingPatchSchema.safeParse({ unknown: 1 }).success).toBe(false);
    // Creating still fills the defaults in.
    expect(MeetingInputSchema.parse({ title: 'T', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T09:00:00Z' })).toMatchObject({
      visibility: 'network',
      participants: { cities: [], people: [] },
      notes: '',
    });
  });

  it('of a city keep its archive flag, ICC Index profile and Statement of Intent when only the name changes', () => {
    expect(CityPatchSchema.parse({ name: 'Reggio nell’Emilia' })).toEqual({ name: 'Reggio nell’Emilia' });
    expect(CityPatchSchema.safeParse({ name: 'X', unknown: 1 }).success).toBe(false);
    expect(CityInputSchema.parse({ name: 'Lodi' })).toEqual({
      name: 'Lodi',
      region: '',
      icc: { status: 'none' },
      statementOfIntent: { signed: false },
      archived: false,
    });
  });

  it('of a poll keep the settings it does not name', () => {
    expect(PollPatchSchema.parse({ settings: { anonymous: true } })).toEqual({ settings: { anonymous: true } });
  });
});
