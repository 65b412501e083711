import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useFormat } from '../format/use-format.ts';

/** Returns a function that writes a YYYY-MM month short in the UI language, such as "Mar 26". */
export function useMonthLabel(): (month: string) => string {
  const format = useFormat();
  const monthFormat = new Intl.DateTimeFormat(format.locale, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });

  return (month) => {
    const [year, monthNumber] = month.split('-').map(Number);
    return monthFormat.format(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1));
  };
}

/** Colours of the bars, in order; they repeat after the last. */
export const chartColours = [
  '#1c7ed6',
  '#12b886',
  '#fab005',
  '#f76707',
  '#ae3ec9',
  '#e03131',
  '#0ca678',
  '#4263eb',
  '#868e96',
];

export interface CountBar {
  label: string;
  value: number;
  fill?: string;
}

/**
 * Horizontal bars of a count per label, such as open issues per category.
 * The labels sit on the vertical axis, where long names fit without overlap.
 */
export function CountBarChart(props: {
  data: CountBar[];
  /** What the chart shows, read by screen readers. */
  ariaLabel: string;
  /** Name of the value in the tooltip. */
  valueName: string;
}) {
  const format = useFormat();
  const data = props.data.map((bar, index) => ({
    ...bar,
    fill: bar.fill ?? chartColours[index % chartColours.length],
  }));
  const height = 48 + data.length * 40;

  return (
    <div style={{ width: '100%', height }} role="img" aria-label={props.ariaLabel}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={160} />
          <Tooltip formatter={(value) => [format.number(Number(value)), props.valueName]} />
          <Bar dataKey="value" isAnimationActive={false} barSize={24} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * Stacked bars of a count per month, one stack segment per series (such as
 * the issues opened per category). `months` are YYYY-MM and every series has
 * one count per month.
 */
export function MonthlyStackedChart(props: {
  months: string[];
  series: Array<{ key: string; name: string; counts: number[]; fill: string }>;
  ariaLabel: string;
}) {
  const format = useFormat();
  const monthLabel = useMonthLabel();
  const data = props.months.map((month, index) => {
    const row: Record<string, string | number> = { month: monthLabel(month) };
    for (const series of props.series) {
      row[series.key] = series.counts[index] ?? 0;
    }
    return row;
  });

  return (
    <div style={{ width: '100%', height: 300 }} role="img" aria-label={props.ariaLabel}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
          <Tooltip formatter={(value, name) => [format.number(Number(value)), String(name)]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {props.series.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.name}
              stackId="months"
              fill={series.fill}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
