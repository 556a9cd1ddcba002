import { describe, expect, it } from 'vitest';
import { defaultView, listQuery } from './inbox-views.js';

describe('the inbox views', () => {
  const page = { limit: 50, offset: 0 };
  it('ask the list for open cases, soonest due first, with the view’s own filter on top of the person’s', () => {
    expect(listQuery('mine', { severity: 'high' }, 'li.wei', page)).toEqual({
      status: 'open',
      sort: 'dueAt',
      severity: 'high',
      owner: 'li.wei',
      limit: 50,
      offset: 0,
    });
    expect(listQuery('unassigned', {}, 'li.wei', page)).toMatchObject({ unassigned: true });
    expect(listQuery('overdue', {}, 'li.wei', page)).toMatchObject({ overdue: true });
    expect(listQuery('escalated', {}, 'li.wei', page)).toMatchObject({ escalated: true });
    expect(listQuery('waiting', {}, 'li.wei', page)).toMatchObject({ paused: true });
    expect(listQuery('all', { owner: 'chen.jing' }, 'li.wei', page)).toMatchObject({ owner: 'chen.jing' });
  });

  it('open on an owner’s own cases, and on every open case for the others', () => {
    expect(defaultView(['owner'])).toBe('mine');
    expect(defaultView(['owner', 'supervisor'])).toBe('all');
    expect(defaultView(['auditor'])).toBe('all');
  });
});
