import type { Channel, StepConditions } from '../db/schema.ts';
import { defaultProfileSteps } from '../organisations/seed-organisation-defaults.ts';

export const PROFILE_PRESET_KEYS = ['gentle', 'standard', 'strict', 'b2c-nl'] as const;

export type ProfilePresetKey = (typeof PROFILE_PRESET_KEYS)[number];

export interface PresetStep {
  name: string;
  /** Days relative to the due date; negative is before it. */
  dayOffset: number;
  channel: Channel;
  templateKey: string;
  /** Days that must have passed since the invoice's previous step; default 0. */
  minDaysSincePrevious?: number;
  conditions?: StepConditions;
  /** The step is the Dutch consumer letter that announces collection costs with a 14-day term. Default false. */
  isFourteenDayLetter?: boolean;
}

export interface ProfilePreset {
  key: ProfilePresetKey;
  name: string;
  description: string;
  steps: readonly PresetStep[];
}

/** Template of the Dutch fourteen-day letter for consumers. */
export const FOURTEEN_DAY_LETTER_TEMPLATE = 'fourteen-day-letter';

/**
 * Days between the fourteen-day letter and the next step: the fourteen days
 * of the letter, counted from the day after delivery, plus three days for
 * the post to deliver it.
 */
const DAYS_AFTER_FOURTEEN_DAY_LETTER = 17;

/**
 * The succession profiles the wizard offers. "standard" is the profile that
 * every organisation is seeded with.
 */
export const PROFILE_PRESETS: readonly ProfilePreset[] = [
  {
    key: 'gentle',
    name: 'Gentle',
    description:
      'For good customers and long relationships: a courtesy reminder, two e-mail reminders two weeks apart, a phone call and a final notice by letter after seven weeks.',
    steps: [
      { name: 'Courtesy reminder', dayOffset: -5, channel: 'email', templateKey: 'courtesy' },
      { name: 'First reminder', dayOffset: 14, channel: 'email', templateKey: 'reminder-1' },
      { name: 'Second reminder', dayOffset: 30, channel: 'email', templateKey: 'reminder-2' },
      { name: 'Phone call', dayOffset: 40, channel: 'call', templateKey: 'call' },
      { name: 'Final notice', dayOffset: 50, channel: 'letter', templateKey: 'final-notice' },
    ],
  },
  {
    key: 'standard',
    name: 'Standard',
    description:
      'A courtesy reminder, e-mail reminders one and three weeks after the due date, a final notice by letter after five weeks and a phone call after six.',
    steps: defaultProfileSteps,
  },
  {
    key: 'strict',
    name: 'Strict',
    description:
      'For late payers and high risk: e-mail reminders three and ten days after the due date, a phone call after two weeks and a final notice by letter after three.',
    steps: [
      { name: 'Courtesy reminder', dayOffset: -3, channel: 'email', templateKey: 'courtesy' },
      { name: 'First reminder', dayOffset: 3, channel: 'email', templateKey: 'reminder-1' },
      { name: 'Second reminder', dayOffset: 10, channel: 'email', templateKey: 'reminder-2' },
      { name: 'Phone call', dayOffset: 14, channel: 'call', templateKey: 'call' },
      { name: 'Final notice', dayOffset: 21, channel: 'letter', templateKey: 'final-notice' },
    ],
  },
  {
    key: 'b2c-nl',
    name: 'Consumers (NL)',
    description:
      'For Dutch consumers: after a courtesy reminder and an e-mail reminder, the statutory fourteen-day letter (art. 6:96 lid 6 BW) that states the collection costs; the final notice waits until its term has passed, and a phone call follows.',
    steps: [
      { name: 'Courtesy reminder', dayOffset: -3, channel: 'email', templateKey: 'courtesy' },
      { name: 'First reminder', dayOffset: 7, channel: 'email', templateKey: 'reminder-1' },
      {
        name: 'Fourteen-day letter',
        dayOffset: 21,
        channel: 'letter',
        templateKey: FOURTEEN_DAY_LETTER_TEMPLATE,
        isFourteenDayLetter: true,
        // Collection costs may be charged to consumers only after this letter; companies never get it.
        conditions: { debtorKind: 'b2c' },
      },
      {
        name: 'Final notice',
        dayOffset: 40,
        channel: 'letter',
        templateKey: 'final-notice',
        minDaysSincePrevious: DAYS_AFTER_FOURTEEN_DAY_LETTER,
      },
      { name: 'Phone call', dayOffset: 47, channel: 'call', templateKey: 'call' },
    ],
  },
];

export function findProfilePreset(key: string): ProfilePreset | undefined {
  return PROFILE_PRESETS.find((preset) => preset.key === key);
}
