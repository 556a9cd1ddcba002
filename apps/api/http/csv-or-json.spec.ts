import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { erasedMark } from '../../../libs/domain/personal.js';
import { csvOrJson } from './csv-or-json.js';

const asked = (language: string) =>
  ({ headers: { 'accept-language': language }, accepts: () => 'text/csv' }) as unknown as Request;
const answer = () => ({ type: () => undefined, setHeader: () => undefined }) as unknown as Response;

describe('a CSV answer', () => {
  it('says an erased value in the reader’s language, as the JSON answers do', () => {
    const body = { rows: [{ customer: erasedMark, complaints: 2 }] };
    const toCsv = ({ rows }: typeof body) => rows.map((row) => `${row.customer},${row.complaints}`).join('\n');
    assert.equal(csvOrJson(asked('zh-CN'), answer(), body, toCsv, 'report'), '\uFEFF[已删除],2');
    assert.equal(csvOrJson(asked('en'), answer(), body, toCsv, 'report'), '\uFEFF[erased],2');
  });
});
