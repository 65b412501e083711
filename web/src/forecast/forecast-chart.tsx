import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useFormat } from '../format/use-format.ts';
import { chartColours } from '../reports/issue-report-charts.tsx';
import { forecastChannels, type ForecastChannel, type ForecastDay } from './use-forecast.ts';

/** Colour of each channel's part of a bar, the same on every forecast. */
export const channelColours: Record<ForecastChannel, string> = Object.fromEntries(
  forecastChannels.map((channel, index) => [channel, chartColours[index] ?? '#868e96']),
) as Record<ForecastChannel, string>;

/**
 * Stacked bars of the forecast messages and call tasks per day, one part per
 * channel. Days that are no sending day get a grey band instead of a bar.
 * Channels without a message in the whole forecast are left out of the legend.
 */
export function ForecastChart(props: { days: ForecastDay[] }) {
  const { t } = useTranslation(['forecast', 'translation']);
  const format = useFormat();
  const shortDate = new Intl.DateTimeFormat(format.locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const label = (date: string) => shortDate.format(new Date(`${date}T00:00:00Z`));
  const used = forecastChannels.filter((channel) => props.days.some((day) => day[channel] > 0));

  return (
    <div style={{ width: '100%', height: 320 }} role="img" aria-label={t('chartLabel')}>
      <ResponsiveContainer>
        <BarChart data={props.days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {props.days
            .filter((day) => day.notSendingDay)
            .map((day) => (
              <ReferenceArea
                key={day.date}
                x1={day.date}
                x2={day.date}
                fill="#dee2e6"
                fillOpacity={0.6}
                ifOverflow="extendDomain"
              />
            ))}
          <XAxis dataKey="date" tickFormatter={label} tick={{ fontSize: 11 }} minTickGap={8} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
          <Tooltip
            labelFormatter={(date) => format.date(String(date))}
            formatter={(value, name) => [format.number(Number(value)), String(name)]}
          />
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={(item) => forecastChannels.indexOf(item.dataKey as ForecastChannel)}
          />
          {used.map((channel) => (
            <Bar
              key={channel}
              dataKey={channel}
              name={t(`translation:channel.${channel}`)}
              stackId="day"
              fill={channelColours[channel]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
