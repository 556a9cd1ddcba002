const units = [
  { ms: 86_400_000, en: 'd', zh: '天' },
  { ms: 3_600_000, en: 'h', zh: '小时' },
  { ms: 60_000, en: 'min', zh: '分' },
  { ms: 1000, en: 's', zh: '秒' },
] as const;

/** A duration as people read it: its two largest units ("2 h 5 min", "2小时5分"); under a second reads as 0 s. */
export const formatDuration = (ms: number, locale: string): string => {
  const zh = locale.startsWith('zh');
  let left = Math.max(0, Math.round(ms));
  const parts: string[] = [];
  for (const unit of units) {
    const count = Math.floor(left / unit.ms);
    if (count > 0 || (parts.length > 0 && parts.length < 2)) {
      if (count > 0) parts.push(zh ? `${count}${unit.zh}` : `${count} ${unit.en}`);
      left -= count * unit.ms;
    }
    if (parts.length === 2) break;
  }
  if (parts.length === 0) return zh ? '0秒' : '0 s';
  return parts.join(zh ? '' : ' ');
};
