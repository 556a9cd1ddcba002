import { describe, expect, it } from 'vitest';
import { defaultView, filtersOf, listQuery, savedViews, saveView } from './inbox-views.js';

describe('the inbox views', () => {
  const page = { limit: 50 };
  it('ask the list for open cases, soonest due first, with the view’s own filter on top of the person’s', () => {
    expect(listQuery('mine', { severity: 'high' }, 'li.wei', page)).toEqual({
      status: 'open',
      sort: 'dueAt',
      severity: 'high',
      owner: 'li.wei',
      limit: 50,
      count: 'bounded',
    });
    expect(listQuery('all', {}, 'li.wei', { limit: 50, cursor: 'abc' })).toMatchObject({ cursor: 'abc' });
    expect(listQuery('unassigned', {}, 'li.wei', page)).toMatchObject({ unassigned: true });
    expect(listQuery('overdue', {}, 'li.wei', page)).toMatchObject({ overdue: true });
    expect(listQuery('escalated', {}, 'li.wei', page)).toMatchObject({ escalated: true });
    expect(listQuery('waiting', {}, 'li.wei', page)).toMatchObject({ paused: true });
    expect(listQuery('all', { owner: 'chen.jing' }, 'li.wei', page)).toMatchObject({ owner: 'chen.jing' });
  });

  it('find closed cases, and every case ever, newest first unless the person sorts otherwise', () => {
    expect(listQuery('closed', { q: 'flange' }, 'li.wei', page)).toMatchObject({
      status: 'closed',
      sort: 'registeredAt',
      q: 'flange',
    });
    const everything = listQuery('everything', { sort: 'severity' }, 'li.wei', page);
    expect(everything).not.toHaveProperty('status');
    expect(everything.sort).toBe('severity');
  });

  it('read their filters from the URL and drop a sort nobody offers', () => {
    expect(filtersOf(new URLSearchParams('q=leak&sort=number&step=analyse'))).toMatchObject({
      q: 'leak',
      sort: 'number',
      step: 'analyse',
    });
    expect(filtersOf(new URLSearchParams('sort=drop table')).sort).toBeUndefined();
  });

  it('open on an owner’s own cases, on every case ever for an auditor, and on every open case for the others', () => {
    expect(defaultView(['owner'])).toBe('mine');
    expect(defaultView(['owner', 'supervisor'])).toBe('all');
    expect(defaultView(['auditor'])).toBe('everything');
    expect(defaultView(['quality-engineer'])).toBe('all');
  });

  it('keep each person’s saved views apart, by name', () => {
    const memory = new Map<string, string>();
    const storage = {
      getItem: (k: string) => memory.get(k) ?? null,
      setItem: (k: string, v: string) => memory.set(k, v),
    };
    saveView('li.wei', 'Flange leaks', 'view=everything&q=flange', storage);
    saveView('li.wei', 'Mine late', 'view=overdue', storage);
    saveView('li.wei', 'Flange leaks', 'view=closed&q=flange', storage);
    expect(savedViews('li.wei', storage)).toEqual([
      { name: 'Mine late', query: 'view=overdue' },
      { name: 'Flange leaks', query: 'view=closed&q=flange' },
    ]);
    expect(savedViews('chen.jing', storage)).toEqual([]);
    expect(saveView('li.wei', 'Mine late', undefined, storage)).toHaveLength(1);
  });
});
