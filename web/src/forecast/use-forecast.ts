import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from '../api/client.ts';

/** The channels of a forecast, in the order of the chart and the table. */
export const forecastChannels = ['email', 'letter', 'sms', 'call', 'fax', 'handover'] as const;

export type ForecastChannel = (typeof forecastChannels)[number];

/** Messages per channel; `call` counts call tasks. */
export type ChannelCounts = Record<ForecastChannel, number>;

/** Messages per channel, and how many of the e-mails and letters are instalment reminders. */
export interface ForecastCounts extends ChannelCounts {
  instalmentReminders: number;
}

/** The reason a date is no sending day of the entity, and the first sending day after it. */
export interface NonSendingDay {
  kind: 'not_working_day' | 'public_holiday' | 'closing_day';
  /** In English words, such as "public holiday: Christmas Day". */
  reason: string;
  nextSendingDay: string;
}

export interface ForecastDay extends ForecastCounts {
  date: string;
  /** Present on a day that is no sending day of the entity; its counts are zero. */
  notSendingDay?: NonSendingDay;
}

/** The body of GET /api/dunning/forecast. */
export interface DunningForecast {
  entity: string;
  from: string;
  days: ForecastDay[];
  totals: ForecastCounts;
}

/** Number of days the page forecasts until the user picks another, and the range the server accepts. */
export const forecastDays = { default: 30, min: 1, max: 90 } as const;

/** Fetches the forecast of an entity; without `date` the server starts at the entity's today. */
export function useForecast(params: { entity: string; date?: string; days: number }) {
  return useQuery({
    queryKey: ['dunning-forecast', params],
    queryFn: () => apiRequest<DunningForecast>('GET', withQuery('/api/dunning/forecast', params)),
    placeholderData: keepPreviousData,
  });
}

/** Adds up a day's counts over every channel. */
export function dayTotal(counts: ChannelCounts): number {
  return forecastChannels.reduce((sum, channel) => sum + counts[channel], 0);
}
