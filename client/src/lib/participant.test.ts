import { describe, expect, it } from 'vitest';
import { distinctColours, participantOf, PARTICIPANT_COLORS } from './participant.ts';

describe('distinctColours', () => {
  it('gives authors whose own colours collide two different colours, the same for every viewer', () => {
    // Find two ids whose participant colours are the same.
    const first = 'person-0';
    let second = '';
    for (let i = 1; !second; i++)
      if (participantOf({ id: `person-${i}`, name: '' }).color === participantOf({ id: first, name: '' }).color) second = `person-${i}`;
    const colours = distinctColours([second, first]);
    expect(colours.get(first)).not.toBe(colours.get(second));
    // The first by id keeps its own colour; the order the authors come in does not matter.
    expect(colours.get(first)).toBe(participantOf({ id: first, name: '' }).color);
    expect(distinctColours([first, second])).toEqual(colours);
  });

  it('uses every colour before any two authors share one', () => {
    const ids = Array.from({ length: PARTICIPANT_COLORS.length }, (_, i) => `city-${i}`);
    expect(new Set(distinctColours(ids).values()).size).toBe(PARTICIPANT_COLORS.length);
  });
});
