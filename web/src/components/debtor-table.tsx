import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ageingBuckets, type DebtorSummary } from '../api/types.ts';
import { AmountCell } from './amount-cell.tsx';

/** Debtors with open, overdue and ageing amounts; a row opens the debtor card. */
export function DebtorTable(props: { debtors: DebtorSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();

  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover striped tabularNums verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('debtors.number')}</Table.Th>
            <Table.Th>{t('debtors.name')}</Table.Th>
            <Table.Th ta="right">{t('debtors.open')}</Table.Th>
            <Table.Th ta="right">{t('debtors.overdue')}</Table.Th>
            {ageingBuckets.map((bucket) => (
              <Table.Th key={bucket} ta="right">
                {t(`ageing.bucket.${bucket}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.debtors.map((debtor) => (
            <Table.Tr
              key={debtor.id}
              onClick={() => navigate(`/debtors/${debtor.id}`)}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>{debtor.number}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/debtors/${debtor.id}`} size="sm">
                  {debtor.name}
                </Anchor>
              </Table.Td>
              <AmountCell amount={debtor.open} currency={debtor.currency} strong />
              <AmountCell amount={debtor.overdue} currency={debtor.currency} />
              {ageingBuckets.map((bucket) => (
                <AmountCell
                  key={bucket}
                  amount={debtor.ageing[bucket]}
                  currency={debtor.currency}
                />
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
