import { describe, expect, it } from 'vitest';
import { fileSize } from './file-size.js';

describe('a file size as people read it', () => {
  it('counts bytes, then kilobytes and megabytes in steps of 1024', () => {
    expect(fileSize(0)).toBe('0 B');
    expect(fileSize(1023)).toBe('1023 B');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(482_133)).toBe('471 KB');
    expect(fileSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(fileSize(5 * 1024 ** 4)).toBe('5120 GB');
  });
});
