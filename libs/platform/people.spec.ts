import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { InvalidPolicy } from '../domain/index.js';
import { parsePeople, peopleFor, teamsOf } from './people.js';

const people = parsePeople({
  people: [
    { id: 'li.wei', name: 'Li Wei', email: 'li.wei@q.example', language: 'zh-CN', roles: ['owner'], team: 'east' },
    { id: 'chen.jing', email: 'chen.jing@q.example', roles: ['owner', 'team-lead'], team: 'east' },
    { id: 'zhao.min', name: 'Zhao Min', roles: ['team-lead'], team: 'west' },
  ],
});

describe('the people directory', () => {
  it('reaches the person a notification names, else everyone who holds its role', () => {
    assert.deepEqual(
      peopleFor(people, { role: 'owner', person: 'chen.jing' }).map(({ id }) => id),
      ['chen.jing'],
    );
    assert.deepEqual(
      peopleFor(people, { role: 'team-lead' }).map(({ id }) => id),
      ['chen.jing', 'zhao.min'],
    );
    assert.deepEqual(peopleFor(people, { role: 'owner', person: 'someone.else' }), []);
  });

  it('names a person by their id when the file gives no name, and makes the teams it names', () => {
    assert.equal(people[1]!.name, 'chen.jing');
    assert.deepEqual(teamsOf(people), { east: ['li.wei', 'chen.jing'], west: ['zhao.min'] });
  });

  it('refuses a file that does not hold, naming each field', () => {
    assert.throws(() => parsePeople({ people: 'everyone' }), InvalidPolicy);
    try {
      parsePeople({
        people: [{ id: 'a', email: 'not an address', language: 'fr' }, { id: 'a', roles: 'owner' }, { name: 'No id' }],
      });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof InvalidPolicy);
      assert.deepEqual(
        error.problems.map(({ path, key }) => `${path}:${key}`),
        [
          'people[0].email:person-email',
          'people[0].language:person-language',
          'people[1].id:person-repeated',
          'people[1].roles:subject-list',
          'people[2].id:person-id',
        ],
      );
    }
  });
});
