import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.js';

describe('a duration as people read it', () => {
  it('gives its two largest units, in English or Chinese', () => {
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 7000, 'en')).toBe('2 h 5 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 7000, 'zh-CN')).toBe('2小时5分');
    expect(formatDuration(3 * 86_400_000 + 3_600_000, 'en')).toBe('3 d 1 h');
    expect(formatDuration(42_000, 'en')).toBe('42 s');
  });

  it('keeps the unit after the largest even when it is zero, and reads nothing as zero seconds', () => {
    expect(formatDuration(3_600_000 + 30_000, 'en')).toBe('1 h');
    expect(formatDuration(0, 'en')).toBe('0 s');
    expect(formatDuration(-5000, 'zh-CN')).toBe('0秒');
  });
});
