import dayjs, { type Dayjs } from 'dayjs';

export const percent = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 1000) / 10} %` : '–';
export const instant = (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm');
export const date = (value: string) => dayjs(value).format('YYYY-MM-DD');
/** A picked calendar day as the API takes it. */
export const day = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');
