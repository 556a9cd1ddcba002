import { describe, expect, it } from 'vitest';
import { peopleToSuggest } from './people.js';

describe('peopleToSuggest', () => {
  it('offers the caller, then their team, then the owners of cases, each once', () => {
    expect(
      peopleToSuggest({ subject: 'li.wei', team: ['wang.fang'] }, ['zhao.sqe', null, 'wang.fang', 'li.wei', 'chen.qa']),
    ).toEqual(['li.wei', 'wang.fang', 'chen.qa', 'zhao.sqe']);
  });
  it('offers the owners alone to nobody signed in', () => {
    expect(peopleToSuggest(undefined, ['b', undefined, 'a'])).toEqual(['a', 'b']);
  });
});
