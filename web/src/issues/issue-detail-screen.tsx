import {
  Alert,
  Anchor,
  Center,
  Grid,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  closedIssueStatuses,
  useIssue,
  useIssueAssignees,
  useIssueCategories,
  type IssueDetail,
} from '../api/use-issues.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { useFormat } from '../format/use-format.ts';
import { Fact } from './fact.tsx';
import { IssueActions } from './issue-actions.tsx';
import { IssueAssignment } from './issue-assignment.tsx';
import { IssueAttachments } from './issue-attachments.tsx';
import { IssueDeadline } from './issue-deadline.tsx';
import { IssueHistory } from './issue-history.tsx';
import { IssueInvoiceTable } from './issue-invoice-table.tsx';
import { useLocalizedName } from './issue-labels.ts';
import { IssueNotes } from './issue-notes.tsx';
import { IssueStatusBadge } from './issue-status-badge.tsx';

export function IssueDetailScreen() {
  const { issueId = '' } = useParams();
  const issue = useIssue(issueId);

  if (issue.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (issue.isError) {
    return <LoadError error={issue.error} />;
  }
  return <IssueDetailView issue={issue.data} />;
}

function IssueDetailView(props: { issue: IssueDetail }) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const nameOf = useLocalizedName();
  const access = useAccess();
  const { entities } = useEntity();
  const assignees = useIssueAssignees();
  const categories = useIssueCategories();
  const { issue } = props;
  const canManage = access.can('issues.manage');
  const closed = (closedIssueStatuses as readonly string[]).includes(issue.status);
  const entity = entities.find((candidate) => candidate.code === issue.entityCode);
  const today = todayIn(entity?.timeZone ?? 'UTC');
  const categoryOption = categories.data?.find((category) => category.id === issue.category.id);
  const processName = categoryOption
    ? nameOf({ name: categoryOption.processName, names: categoryOption.processNames })
    : issue.category.processName;

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/issues" size="sm">
        {t('detail.back')}
      </Anchor>
      <PageTitle
        title={t('detail.title', { number: issue.number, category: nameOf(issue.category) })}
        subtitle={t('detail.subtitle', {
          date: format.date(issue.openedOn),
          name: issue.openedBy.name ?? issue.openedBy.actor,
        })}
      />

      <Paper withBorder p="md" radius="md">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Fact
              label={t('field.status')}
              value={<IssueStatusBadge status={issue.status} />}
              testId="issue-status"
            />
            <Fact
              label={t('field.debtor')}
              value={
                <Anchor component={Link} to={`/debtors/${issue.debtor.id}`} size="sm">
                  {`${issue.debtor.name} (${issue.debtor.number})`}
                </Anchor>
              }
            />
            <Fact
              label={t('field.category')}
              value={`${nameOf(issue.category)} · ${processName}`}
            />
            <Fact
              label={t('field.deadline')}
              value={
                <IssueDeadline deadline={issue.deadline} overdue={issue.overdue} today={today} />
              }
            />
          </SimpleGrid>
          <IssueAssignment
            issue={issue}
            assignees={assignees.data}
            editable={canManage && !closed}
          />
          {canManage && <IssueActions issue={issue} />}
        </Stack>
      </Paper>

      <DunningNote issue={issue} today={today} />
      {closed && <ClosingSummary issue={issue} />}

      <div>
        <Title order={4} mb="xs">
          {t('detail.description')}
        </Title>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {issue.description || t('detail.noDescription')}
        </Text>
      </div>

      <div>
        <Title order={4} mb="xs">
          {t('detail.invoices')}
        </Title>
        {issue.wholeDebtor && (
          <Text size="sm" c="dimmed" mb="xs">
            {t('detail.wholeDebtor')}
          </Text>
        )}
        <IssueInvoiceTable invoices={issue.invoices} />
        <Text size="sm" ta="right" mt={4}>
          {t('detail.openTotal', { amount: format.money(issue.openTotal, issue.currency) })}
        </Text>
      </div>

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={4} mb="xs">
            {t('detail.notes')}
          </Title>
          <IssueNotes issueId={issue.id} notes={issue.notes} canAdd={canManage} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={4} mb="xs">
            {t('detail.attachments')}
          </Title>
          <IssueAttachments
            issueId={issue.id}
            attachments={issue.attachments}
            canChange={canManage}
          />
        </Grid.Col>
      </Grid>

      <div>
        <Title order={4} mb="xs">
          {t('detail.history')}
        </Title>
        <IssueHistory
          events={issue.history}
          assignees={assignees.data}
          categories={categories.data}
        />
      </div>
    </Stack>
  );
}

/**
 * Shows whether the issue keeps its invoices out of dunning: while a pausing
 * issue is open, and after it closed until its resume date.
 */
function DunningNote(props: { issue: IssueDetail; today: string }) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const { issue } = props;

  if (!issue.category.pausesDunning) {
    return null;
  }
  if (issue.resumesOn === null) {
    return (
      <Alert color="orange" variant="light" data-testid="dunning-note">
        {issue.wholeDebtor ? t('dunning.pausedDebtor') : t('dunning.pausedInvoices')}
      </Alert>
    );
  }
  const resumed = issue.resumesOn <= props.today;
  return (
    <Alert color={resumed ? 'gray' : 'orange'} variant="light" data-testid="dunning-note">
      {resumed
        ? t('dunning.resumed', { date: format.date(issue.resumesOn) })
        : t('dunning.resumes', { date: format.date(issue.resumesOn) })}
    </Alert>
  );
}

function ClosingSummary(props: { issue: IssueDetail }) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const { issue } = props;

  return (
    <Paper withBorder p="md" radius="md" data-testid="issue-closing">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {issue.status === 'resolved' && issue.outcome
            ? t(`closing.resolved.${issue.outcome}`, {
                date: issue.closedOn ? format.date(issue.closedOn) : '',
              })
            : t('closing.rejected', { date: issue.closedOn ? format.date(issue.closedOn) : '' })}
        </Text>
        {issue.creditNoteExpected && <Text size="sm">{t('closing.creditNoteExpected')}</Text>}
        {issue.resolution && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {issue.resolution}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
