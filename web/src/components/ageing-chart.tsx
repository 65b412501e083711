import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgeingReport } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';

const bucketColours = ['#12b886', '#fab005', '#fd7e14', '#f76707', '#e03131'];

/**
 * Bars of the open amount per bucket. Bar heights use Number() of the decimal
 * string, which is exact enough for drawing; labels format the string itself.
 */
export function AgeingChart(props: { report: AgeingReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { report } = props;
  const data = report.buckets.map((bucket, index) => ({
    name: t(`ageing.bucket.${bucket.name}`),
    value: Number(bucket.amount),
    label: format.money(bucket.amount, report.currency),
    fill: bucketColours[index] ?? '#868e96',
  }));
  const compact = new Intl.NumberFormat(format.locale, {
    notation: 'compact',
    style: 'currency',
    currency: report.currency,
  });

  return (
    <div style={{ width: '100%', height: 260 }} role="img" aria-label={t('ageing.chartLabel')}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis
            tickFormatter={(value: number) => compact.format(value)}
            tick={{ fontSize: 12 }}
            width={72}
          />
          <Tooltip
            formatter={(_value, _name, item) => [String(item.payload.label), t('ageing.amount')]}
          />
          <Bar dataKey="value" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
