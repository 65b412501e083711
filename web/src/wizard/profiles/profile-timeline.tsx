import { Box, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProfileStep } from '../../api/use-segments.ts';
import { useCodeLabel } from '../../components/code-label.ts';
import { useStepLabel } from './use-step-label.ts';

/** Height of the drawing and distance of the day axis from its top, in pixels. */
const height = 165;
const axisTop = 78;

const channelColors: Record<string, string> = {
  email: 'var(--mantine-color-teal-6)',
  letter: 'var(--mantine-color-blue-6)',
  sms: 'var(--mantine-color-grape-6)',
  call: 'var(--mantine-color-orange-6)',
  fax: 'var(--mantine-color-gray-6)',
  handover: 'var(--mantine-color-red-7)',
};

/**
 * Draws a succession profile's steps on a horizontal day axis, with the due
 * date as day 0. Labels alternate above and below the axis so that steps a
 * few days apart stay readable.
 */
export function ProfileTimeline(props: { steps: ProfileStep[] }) {
  const { t } = useTranslation('wizard');
  const codeLabel = useCodeLabel();
  const stepLabel = useStepLabel();
  const offsets = props.steps.map((step) => step.dayOffset);
  const first = Math.min(0, ...offsets);
  const last = Math.max(0, ...offsets);
  const span = Math.max(last - first, 1);
  const position = (day: number) => `${(((day - first) / span) * 100).toFixed(2)}%`;

  return (
    <Box
      pos="relative"
      h={height}
      mx={70}
      role="img"
      aria-label={t('profiles.timelineLabel')}
      data-testid="profile-timeline"
    >
      <Box pos="absolute" top={axisTop} left={0} right={0} h={2} bg="gray.4" />
      <Box pos="absolute" top={axisTop - 10} h={22} left={position(0)} w={2} bg="dark.4" />
      <Text
        pos="absolute"
        top={axisTop + 12}
        left={position(0)}
        size="xs"
        fw={600}
        style={{ transform: 'translateX(-50%)', whiteSpace: 'nowrap' }}
      >
        {t('profiles.dueDate')}
      </Text>
      {props.steps.map((step, index) => {
        const above = index % 2 === 0;
        const color = channelColors[step.channel] ?? channelColors.fax;
        return (
          <Box key={`${step.dayOffset}-${step.name}`}>
            <Tooltip label={`${stepLabel(step.name)} · ${codeLabel('channel', step.channel)}`}>
              <Box
                pos="absolute"
                top={axisTop - 6}
                left={position(step.dayOffset)}
                w={14}
                h={14}
                style={{
                  borderRadius: '50%',
                  background: color,
                  transform: 'translateX(-50%)',
                  border: '2px solid white',
                }}
              />
            </Tooltip>
            <Box
              pos="absolute"
              left={position(step.dayOffset)}
              top={above ? undefined : axisTop + 32}
              bottom={above ? height - axisTop + 12 : undefined}
              w={130}
              ta="center"
              style={{ transform: 'translateX(-50%)' }}
            >
              <Text size="xs" fw={600} lh={1.2} lineClamp={above ? 2 : 1}>
                {stepLabel(step.name)}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {t('profiles.dayOffset', { offset: signed(step.dayOffset) })}
                {' · '}
                {codeLabel('channel', step.channel)}
              </Text>
              {step.conditions?.debtorKind && (
                <Text size="xs" c="dimmed" fs="italic" lh={1.2}>
                  {step.conditions.debtorKind === 'b2c'
                    ? t('profiles.onlyB2c')
                    : t('profiles.onlyB2b')}
                </Text>
              )}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

/** Writes a day offset with its sign, using a minus sign (U+2212) for negative days. */
function signed(day: number): string {
  if (day > 0) {
    return `+${day}`;
  }
  if (day < 0) {
    return `−${-day}`;
  }
  return '0';
}
