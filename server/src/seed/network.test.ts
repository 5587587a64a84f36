import { describe, expect, it } from 'vitest';
import { DEMO_CITIES, DEMO_PEOPLE } from './network.ts';

/**
 * The demo network against what the seeds say (seeds/001, "Priority Areas: 1. ICC Index"):
 * "Only two thirds (16 out of 25) of the Città del Dialogo municipalities have produced a profile",
 * "Only 4 municipalities (Arezzo, Novellara, San Giuliano Terme, Torino) published their profile
 * during the first half of 2016, while 7 municipalities (Casalecchio, Forlì, Fucecchio, Lodi,
 * Olbia, Ravenna, Reggio Emilia) produced their profile in February or March 2015",
 * "9 members never produced a profile".
 */
describe('demo network', () => {
  const names = (pred: (c: (typeof DEMO_CITIES)[number]) => boolean) => DEMO_CITIES.filter(pred).map((c) => c.name);

  it('has the 25 members, 16 with an ICC Index profile and 9 without, as the action plan counts them', () => {
    expect(DEMO_CITIES).toHaveLength(25);
    expect(new Set(DEMO_CITIES.map((c) => c.name)).size).toBe(25);
    expect(names((c) => c.icc.status !== 'none')).toHaveLength(16);
    expect(names((c) => c.icc.status === 'none')).toHaveLength(9);
  });

  it('names the 4 published profiles of 2016 and the 7 produced in early 2015', () => {
    expect(names((c) => c.icc.status === 'published')).toEqual(['Arezzo', 'Novellara', 'San Giuliano Terme', 'Torino']);
    expect(DEMO_CITIES.filter((c) => c.icc.status === 'published').every((c) => c.icc.date?.startsWith('2016-0'))).toBe(true);
    expect(names((c) => c.icc.date === '2015-03')).toEqual(['Casalecchio di Reno', 'Forlì', 'Fucecchio', 'Lodi', 'Olbia', 'Ravenna', 'Reggio Emilia']);
  });

  it('has no signed Statement of Intent yet: signing the updated one is a goal of the plan', () => {
    expect(names((c) => c.statementOfIntent.signed)).toEqual([]);
  });

  it('gives every demo delegate a seeded city', () => {
    const cities = new Set(DEMO_CITIES.map((c) => c.name));
    for (const person of DEMO_PEOPLE.filter((p) => p.role === 'delegate')) expect(cities.has(person.city!)).toBe(true);
  });
});
