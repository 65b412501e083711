import type { TFunction } from 'i18next';

/** Writes a day offset with its sign, such as "+7", "−3" or "0". */
export function signedDay(offset: number): string {
  if (offset > 0) {
    return `+${offset}`;
  }

  return offset < 0 ? `−${-offset}` : '0';
}

/** Describes a day offset in words, such as "7 days after the due date". */
export function describeDay(t: TFunction<'profiles'>, offset: number): string {
  if (offset === 0) {
    return t('day.onDueDate');
  }

  return offset > 0 ? t('day.after', { count: offset }) : t('day.before', { count: -offset });
}
