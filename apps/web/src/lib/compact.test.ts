import { describe, expect, it } from 'vitest';
import { compact } from './compact.js';

describe('form values as a request body', () => {
  it('leaves out empty fields at every depth and trims text, keeping false and 0', () => {
    expect(
      compact({
        title: '  Leak ',
        customer: { name: 'Acme', id: '', contact: undefined },
        actions: [{ owner: ' qa ', note: '' }],
        effective: false,
        level: 0,
      }),
    ).toEqual({
      title: 'Leak',
      customer: { name: 'Acme' },
      actions: [{ owner: 'qa' }],
      effective: false,
      level: 0,
    });
  });
});
