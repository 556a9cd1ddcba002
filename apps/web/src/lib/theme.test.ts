import { describe, expect, it } from 'vitest';
import { isDark } from './theme.js';

describe('a background colour', () => {
  it('reads as dark or light by its luminance', () => {
    expect(isDark('#141414')).toBe(true);
    expect(isDark('#ffffff')).toBe(false);
    expect(isDark('#f5f5f5')).toBe(false);
    expect(isDark('rgba(0,0,0,0.5)')).toBe(false);
  });
});
