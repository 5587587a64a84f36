import { describe, expect, it } from 'vitest';
import { agendaItems, plannedMinutes } from '../agenda-doc.ts';
import { isOverdue } from './meetings.ts';

describe('agendaItems', () => {
  it('orders items by their keys, each top-level item followed by its sub-items, numbered as an outline', () => {
    const items = agendaItems({
      b: { order: 'a2', parent: '', title: 'Work plan', minutes: '15' },
      a: { order: 'a1', parent: '', title: 'Analysis', minutes: '45' },
      b2: { order: 'a1', parent: 'b', title: 'New activities', minutes: '15' },
      b1: { order: 'a0', parent: 'b', title: 'Anti-rumours', minutes: '15' },
      c: { order: 'a3', parent: '', title: 'Communication', minutes: 30 },
    });
    expect(items.map((i) => [i.number, i.id, i.depth])).toEqual([
      ['1', 'a', 0],
      ['2', 'b', 0],
      ['2.1', 'b1', 1],
      ['2.2', 'b2', 1],
      ['3', 'c', 0],
    ]);
    expect(plannedMinutes(items)).toBe(120);
  });

  it('loses nothing: sub-items of a removed parent, of a sub-item, or in a cycle show at the top level', () => {
    const items = agendaItems({
      a: { order: 'a0', parent: '' },
      orphan: { order: 'a1', parent: 'gone' },
      child: { order: 'a0', parent: 'a' },
      grandchild: { order: 'a2', parent: 'child' },
      x: { order: 'a3', parent: 'y' },
      y: { order: 'a4', parent: 'x' },
      broken: { parent: '' },
    });
    expect(items.map((i) => i.id).sort()).toEqual(['a', 'child', 'grandchild', 'orphan', 'x', 'y']);
    expect(items.find((i) => i.id === 'child')!.depth).toBe(1);
    expect(items.find((i) => i.id === 'grandchild')!.depth).toBe(0);
  });

  it('breaks ties between equal keys by id, the same on every device', () => {
    const items = agendaItems({ z: { order: 'a0', parent: '' }, m: { order: 'a0', parent: '' } });
    expect(items.map((i) => i.id)).toEqual(['m', 'z']);
  });

  it('reads a bad time box as none', () => {
    expect(agendaItems({ a: { order: 'a0', minutes: 'soon' }, b: { order: 'a1', minutes: -5 } }).map((i) => i.minutes)).toEqual([0, 0]);
  });
});

describe('isOverdue', () => {
  it('is overdue when the due day has passed and the item is still open or in progress', () => {
    expect(isOverdue({ due: '2020-07-15', status: 'open' }, '2020-07-16')).toBe(true);
    expect(isOverdue({ due: '2020-07-15', status: 'in-progress' }, '2020-07-16')).toBe(true);
    expect(isOverdue({ due: '2020-07-15', status: 'open' }, '2020-07-15')).toBe(false);
    expect(isOverdue({ due: '2020-07-15', status: 'done' }, '2020-07-16')).toBe(false);
    expect(isOverdue({ due: '', status: 'open' }, '2020-07-16')).toBe(false);
  });
});
