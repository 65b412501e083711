import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DebtorInvoice } from '../api/types.ts';
import {
  useCreateIssue,
  useIssueAssignees,
  useIssueCategories,
  type IssueDetail,
} from '../api/use-issues.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { assigneeOptions } from './assignee-options.ts';
import { groupCategories } from './category-options.ts';
import { useLocalizedName } from './issue-labels.ts';

/**
 * Registers an issue on a debtor: on the whole debtor (all its invoices, also
 * those imported later) or on some of its open invoices. Department and
 * assignee default from the category and can be changed. After saving, the
 * dialog shows the number and the deadline the server computed.
 */
export function RegisterIssueDialog(props: {
  entityCode: string;
  debtor: { id: string; name: string };
  /** The debtor's invoices; those with an open amount can be chosen. */
  invoices: DebtorInvoice[];
  /** Called once the server has registered the issue, before the dialog shows its number. */
  onCreated?(issue: IssueDetail): void;
  onClose(): void;
}) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const nameOf = useLocalizedName();
  const categories = useIssueCategories();
  const assignees = useIssueAssignees();
  const create = useCreateIssue();
  const [scope, setScope] = useState<'invoices' | 'debtor'>('invoices');
  const [invoiceIds, setInvoiceIds] = useState<string[]>([]);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [assigneeUserId, setAssigneeUserId] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [created, setCreated] = useState<IssueDetail | null>(null);

  const openInvoices = props.invoices.filter((invoice) => Number(invoice.open) !== 0);
  const category = categories.data?.find((candidate) => candidate.id === categoryId);
  const invoicesMissing = scope === 'invoices' && invoiceIds.length === 0;

  function chooseCategory(id: string | null) {
    setCategoryId(id);
    const chosen = categories.data?.find((candidate) => candidate.id === id);
    if (chosen) {
      setDepartmentId(chosen.departmentId);
      setAssigneeUserId(chosen.assigneeUserId);
    }
  }

  function toggleInvoice(id: string, checked: boolean) {
    setInvoiceIds((current) =>
      checked ? [...current, id] : current.filter((candidate) => candidate !== id),
    );
  }

  function save() {
    setShowErrors(true);
    if (!categoryId || invoicesMissing || description.trim() === '') {
      return;
    }
    create.mutate(
      {
        entity: props.entityCode,
        debtorId: props.debtor.id,
        invoiceIds: scope === 'debtor' ? [] : invoiceIds,
        categoryId,
        description: description.trim(),
        departmentId,
        assigneeUserId,
      },
      {
        onSuccess: (issue) => {
          setCreated(issue);
          props.onCreated?.(issue);
        },
      },
    );
  }

  if (created) {
    return (
      <Modal
        opened
        onClose={props.onClose}
        title={t('register.titleFor', { debtor: props.debtor.name })}
        centered
        size="lg"
      >
        <Stack>
          <Alert color="green" variant="light" data-testid="registered-issue">
            <Text size="sm" fw={600}>
              {t('register.registered', { number: created.number })}
            </Text>
            <Text size="sm">{t('register.deadline', { date: format.date(created.deadline) })}</Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('dialog.close')}
            </Button>
            <Button component={Link} to={`/issues/${created.id}`}>
              {t('register.open')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  const departmentOptions = (assignees.data?.departments ?? []).map((department) => ({
    value: department.id,
    label: department.name,
  }));
  const chosenDepartment = assignees.data?.departments.find(
    (department) => department.id === departmentId,
  );
  const userOptions = assigneeOptions({
    users: assignees.data?.users ?? [],
    department: chosenDepartment ? { id: chosenDepartment.id, label: chosenDepartment.name } : null,
    othersLabel: t('field.otherUsers'),
    current: null,
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('register.titleFor', { debtor: props.debtor.name })}
      centered
      size="xl"
    >
      <Stack>
        <SegmentedControl
          value={scope}
          onChange={(value) => setScope(value as 'invoices' | 'debtor')}
          data={[
            { value: 'invoices', label: t('register.someInvoices') },
            { value: 'debtor', label: t('register.wholeDebtor') },
          ]}
          data-testid="register-scope"
        />
        {scope === 'debtor' ? (
          <Text size="sm" c="dimmed">
            {t('register.wholeDebtorHint')}
          </Text>
        ) : openInvoices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('register.noOpenInvoices')}
          </Text>
        ) : (
          <Table striped tabularNums verticalSpacing={4} data-testid="register-invoices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>{t('invoices.number')}</Table.Th>
                <Table.Th>{t('invoices.dueDate')}</Table.Th>
                <Table.Th ta="right">{t('invoices.amount')}</Table.Th>
                <Table.Th ta="right">{t('invoices.open')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {openInvoices.map((invoice) => (
                <Table.Tr key={invoice.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('register.chooseInvoice', { number: invoice.number })}
                      checked={invoiceIds.includes(invoice.id)}
                      onChange={(event) => toggleInvoice(invoice.id, event.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>{invoice.number}</Table.Td>
                  <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
                  <AmountCell amount={invoice.amount} currency={invoice.currency} />
                  <AmountCell amount={invoice.open} currency={invoice.currency} strong />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {showErrors && invoicesMissing && (
          <Text c="red" size="sm" role="alert">
            {t('register.invoicesRequired')}
          </Text>
        )}
        <Select
          label={t('register.category')}
          placeholder={t('register.categoryPlaceholder')}
          data={categories.data ? groupCategories(categories.data, nameOf) : []}
          value={categoryId}
          onChange={chooseCategory}
          error={showErrors && !categoryId ? t('register.categoryRequired') : undefined}
          searchable
          required
          data-testid="register-category"
        />
        {category && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t(`register.term.${category.dayKind}`, { count: category.daysToResolve })}
            </Text>
            {category.pausesDunning && (
              <Badge color="orange" variant="light" size="sm">
                {t('register.pausesDunning')}
              </Badge>
            )}
          </Group>
        )}
        <Textarea
          label={t('register.description')}
          placeholder={t('register.descriptionPlaceholder')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={
            showErrors && description.trim() === '' ? t('register.descriptionRequired') : undefined
          }
          autosize
          minRows={3}
          maxLength={4000}
          required
        />
        <Group grow align="flex-start">
          <Select
            label={t('field.department')}
            placeholder={t('noDepartment')}
            data={departmentOptions}
            value={departmentId}
            onChange={setDepartmentId}
            clearable
            data-testid="register-department"
          />
          <Select
            label={t('field.assignee')}
            placeholder={t('unassigned')}
            data={userOptions}
            value={assigneeUserId}
            onChange={setAssigneeUserId}
            clearable
            searchable
            data-testid="register-assignee"
          />
        </Group>
        {(categories.error ?? assignees.error ?? create.error) && (
          <LoadError error={(categories.error ?? assignees.error ?? create.error) as Error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button onClick={save} loading={create.isPending} data-testid="save-issue">
            {t('register.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
