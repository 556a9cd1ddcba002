const units = [
  { ms: 86_400_000, en: 'd', zh: '天' },
  { ms: 3_600_000, en: 'h', zh: '小时' },
  { ms: 60_000, en: 'min', zh: '分' },
  { ms: 1000, en: 's', zh: '秒' },
] as const;

/** A duration as people read it: its largest unit and the one below it, when that is not zero ("2 h 5 min", "2小时5分", "1 h"); under a second reads as 0 s. */
export const formatDuration = (ms: number, locale: string): string => {
  const zh = locale.startsWith('zh');
  const left = Math.max(0, Math.round(ms));
  const largest = units.findIndex((unit) => left >= unit.ms);
  if (largest < 0) return zh ? '0秒' : '0 s';
  const word = (count: number, unit: (typeof units)[number]) => (zh ? `${count}${unit.zh}` : `${count} ${unit.en}`);
  const major = units[largest]!;
  const parts = [word(Math.floor(left / major.ms), major)];
  const minor = units[largest + 1];
  const minorCount = minor ? Math.floor((left % major.ms) / minor.ms) : 0;
  if (minor && minorCount > 0) parts.push(word(minorCount, minor));
  return parts.join(zh ? '' : ' ');
};
