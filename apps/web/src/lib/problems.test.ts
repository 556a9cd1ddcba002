import { describe, expect, it } from 'vitest';
import { formFieldErrors } from './problems.js';

describe('field errors of a problem, on the form', () => {
  it('finds nested and listed fields, and gathers several messages on one field', () => {
    expect(
      formFieldErrors([
        { field: 'responsibleParty.supplierId', message: 'must be a supplier id' },
        { field: 'actions[0].owner', message: 'is required' },
        { field: 'actions[0].owner', message: 'is too long' },
        { field: 'title', message: 'is required' },
      ]),
    ).toEqual([
      { name: ['responsibleParty', 'supplierId'], errors: ['must be a supplier id'] },
      { name: ['actions', 0, 'owner'], errors: ['is required', 'is too long'] },
      { name: ['title'], errors: ['is required'] },
    ]);
  });
});
