import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { profileOf } from './auth.js';
import { staffOf } from './staff-directory.js';

describe('people as their identity provider tells of them', () => {
  it('takes the standard claims, an address only when its provider says it verified it', () => {
    assert.deepEqual(
      profileOf({ email: 'li.wei@example.com', email_verified: true, name: ' 李伟 ', locale: 'zh-Hans-CN' }),
      {
        email: 'li.wei@example.com',
        name: '李伟',
        language: 'zh-CN',
      },
    );
    assert.deepEqual(profileOf({ email: 'a@example.com', email_verified: false, locale: 'en-GB' }), { language: 'en' });
    assert.equal(profileOf({ email: 'a@example.com' }), undefined, 'not said to be verified');
    assert.equal(profileOf({ email: 'not an address', email_verified: true, locale: 'fr' }), undefined);
    assert.equal(
      profileOf({ email: 'a@b.example, c@d.example', email_verified: 'true' }),
      undefined,
      'one address, never a list',
    );
  });

  it('lets the people file say first who someone is', () => {
    const listed = [{ id: 'li.wei', name: '李伟', email: 'li.wei@corp.example', roles: ['team-lead'] }];
    const profiled = [
      { id: 'li.wei', name: 'Li Wei', email: 'other@idp.example', roles: [] },
      { id: 'new.owner', name: 'New Owner', email: 'new@idp.example', roles: [] },
    ];
    assert.deepEqual(
      staffOf(listed, profiled).map(({ id, email }) => [id, email]),
      [
        ['li.wei', 'li.wei@corp.example'],
        ['new.owner', 'new@idp.example'],
      ],
    );
  });
});
