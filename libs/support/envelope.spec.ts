import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { isSealed, keyFromSecret, newDataKey, seal, unseal } from './envelope.js';

describe('sealed personal values', () => {
  it('open under their own key only, and hold none of the plaintext', () => {
    const key = newDataKey();
    const sealed = seal(key, 'customer-CUST-7', '李伟 +86 138 0013 8000');
    assert.ok(isSealed(sealed));
    assert.ok(!JSON.stringify(sealed).includes('138'), 'no digit run of the phone in the envelope');
    assert.equal(unseal(key, sealed), '李伟 +86 138 0013 8000');
    assert.throws(() => unseal(newDataKey(), sealed), 'another key');
    assert.throws(() => unseal(key, { ...sealed, key: 'customer-OTHER' }), 'moved under another key id');
    const data = Buffer.from(sealed.data, 'base64url');
    data[0] = data[0]! ^ 1;
    assert.throws(() => unseal(key, { ...sealed, data: data.toString('base64url') }), 'altered');
  });

  it('seal the same value differently each time, so equal values cannot be told apart', () => {
    const key = newDataKey();
    assert.notEqual(seal(key, 'k', 'same').data, seal(key, 'k', 'same').data);
  });

  it('make a 32-byte key of any secret, the same each time', () => {
    assert.equal(keyFromSecret('a master key of any length').length, 32);
    assert.deepEqual(keyFromSecret('x'), keyFromSecret('x'));
    assert.notDeepEqual(keyFromSecret('x'), keyFromSecret('y'));
    assert.equal(isSealed({ sealed: 1, key: 'k', iv: 'i' }), false);
    assert.equal(isSealed('text'), false);
  });
});
