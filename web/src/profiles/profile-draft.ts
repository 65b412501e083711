import { ApiError } from '../api/client.ts';
import type {
  EditableProfile,
  EditableStep,
  ProfileUpdateBody,
  StepChannel,
} from './use-profile-editor.ts';

/** The day offsets the server accepts. */
export const MIN_OFFSET = -365;
export const MAX_OFFSET = 3650;

/** A step being edited. `key` is its id, or a local key for a step not saved yet. */
export interface StepDraft extends EditableStep {
  key: string;
  id?: string;
}

export interface ProfileDraft {
  name: string;
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
  steps: StepDraft[];
}

/** Server messages by field: the profile's own fields, and per step key the step's fields. */
export interface DraftErrors {
  profile: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  /** Messages that belong to no field shown, such as a conflict. */
  general: string[];
}

export const NO_ERRORS: DraftErrors = { profile: {}, steps: {}, general: [] };

export function draftOf(profile: EditableProfile): ProfileDraft {
  return {
    name: profile.name,
    stricterProfileId: profile.stricterProfileId,
    brokenPromisesThreshold: profile.brokenPromisesThreshold,
    steps: profile.steps.map(
      ({
        minimumAmountMinor: _minor,
        feeFixedMinor: _feeMinor,
        feeBasisPoints: _feeBasisPoints,
        contractualInterestBasisPoints: _interestBasisPoints,
        ...step
      }) => ({ ...step, key: step.id }),
    ),
  };
}

/** Returns the steps in timeline order: the order the PUT body and its error messages use. */
export function stepsInOrder(draft: Pick<ProfileDraft, 'steps'>): StepDraft[] {
  return [...draft.steps].sort((a, b) => a.dayOffset - b.dayOffset);
}

export function requestBodyOf(draft: ProfileDraft): ProfileUpdateBody {
  return {
    name: draft.name,
    stricterProfileId: draft.stricterProfileId,
    brokenPromisesThreshold:
      draft.stricterProfileId === null ? null : draft.brokenPromisesThreshold,
    steps: stepsInOrder(draft).map(({ key: _key, ...step }) => ({
      ...step,
      minimumAmount: normaliseAmount(step.minimumAmount),
      feeFixed: normaliseAmount(step.feeFixed),
      feePercent: normaliseAmount(step.feePercent),
      // The server ignores a rate with the statutory basis, so the body leaves it out too.
      contractualInterestPercent:
        step.interestBasis === 'contractual' && step.contractualInterestPercent !== null
          ? normaliseAmount(step.contractualInterestPercent)
          : null,
    })),
  };
}

/**
 * Rewrites an amount typed with a decimal comma, as Dutch users write it
 * ("12,50"), to the decimal point the API takes ("12.50"). Surrounding
 * spaces go. Any other text is returned trimmed but otherwise unchanged, so
 * a thousands separator such as "1.250,00" is still rejected.
 */
export function normaliseAmount(text: string): string {
  const trimmed = text.trim();

  return /^\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
}

/** A minimum amount the server accepts: whole units and at most two decimals, after normaliseAmount. */
const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;

/** A percentage the server accepts, after normaliseAmount: 0 to 100 with at most two decimals. */
const PERCENT_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;

function isPercent(text: string): boolean {
  const normal = normaliseAmount(text);

  return PERCENT_PATTERN.test(normal) && Number(normal) <= 100;
}

/** The problems validateDraft finds, as keys of the `form` texts of the profiles namespace. */
export type DraftProblem =
  'minimumAmountInvalid' | 'feeFixedInvalid' | 'percentInvalid' | 'contractualRateMissing';

/**
 * Checks the draft in the browser before it is sent, so that the message is
 * in the user's language. Minimum amounts and fixed fees must be plain
 * amounts with at most two decimals. Percentages run from 0 to 100 with at
 * most two decimals, and a contractual interest basis needs a rate. Returns
 * the problems by step key, with texts from `describe`.
 */
export function validateDraft(
  draft: ProfileDraft,
  describe: (problem: DraftProblem, value: string) => string,
): DraftErrors {
  const steps: DraftErrors['steps'] = {};
  for (const step of draft.steps) {
    const problems: Record<string, string> = {};
    if (!AMOUNT_PATTERN.test(normaliseAmount(step.minimumAmount))) {
      problems.minimumAmount = describe('minimumAmountInvalid', step.minimumAmount);
    }
    if (!AMOUNT_PATTERN.test(normaliseAmount(step.feeFixed))) {
      problems.feeFixed = describe('feeFixedInvalid', step.feeFixed);
    }
    if (!isPercent(step.feePercent)) {
      problems.feePercent = describe('percentInvalid', step.feePercent);
    }
    if (step.interestBasis === 'contractual') {
      const rate = step.contractualInterestPercent?.trim() ?? '';
      if (rate === '') {
        problems.contractualInterestPercent = describe('contractualRateMissing', rate);
      } else if (!isPercent(rate)) {
        problems.contractualInterestPercent = describe('percentInvalid', rate);
      }
    }
    if (Object.keys(problems).length > 0) {
      steps[step.key] = problems;
    }
  }

  return { profile: {}, steps, general: [] };
}

/** Tells whether any field of the draft has an error. */
export function hasErrors(errors: DraftErrors): boolean {
  return (
    errors.general.length > 0 ||
    Object.keys(errors.profile).length > 0 ||
    Object.keys(errors.steps).length > 0
  );
}

/** Tells whether the draft differs from the saved profile. */
export function isDirty(draft: ProfileDraft, profile: EditableProfile): boolean {
  return JSON.stringify(requestBodyOf(draft)) !== JSON.stringify(requestBodyOf(draftOf(profile)));
}

/** Tells whether a step other than `key` is on day `offset`. */
export function isDayTaken(steps: readonly StepDraft[], key: string, offset: number): boolean {
  return steps.some((step) => step.key !== key && step.dayOffset === offset);
}

/**
 * Returns the first free day from `wanted` onwards in `direction` (+1 or
 * -1), or null when every day up to the end of the allowed range is taken.
 */
export function firstFreeDay(
  steps: readonly StepDraft[],
  key: string,
  wanted: number,
  direction: 1 | -1,
): number | null {
  for (let offset = wanted; offset >= MIN_OFFSET && offset <= MAX_OFFSET; offset += direction) {
    if (!isDayTaken(steps, key, offset)) {
      return offset;
    }
  }

  return null;
}

export function updateStep(
  draft: ProfileDraft,
  key: string,
  changes: Partial<EditableStep>,
): ProfileDraft {
  return {
    ...draft,
    steps: draft.steps.map((step) => (step.key === key ? { ...step, ...changes } : step)),
  };
}

/**
 * Computes the days the timeline shows: at least -14 to +60, and a week
 * beyond the first and last step, rounded out to whole weeks.
 */
export function axisRange(steps: readonly StepDraft[]): { from: number; to: number } {
  const offsets = steps.map((step) => step.dayOffset);
  const from = Math.min(-14, ...offsets.map((offset) => offset - 7));
  const to = Math.max(60, ...offsets.map((offset) => offset + 7));

  return { from: Math.floor(from / 7) * 7, to: Math.ceil(to / 7) * 7 };
}

/** Days between two labelled ticks, so that a wide range keeps about 10 to 20 labels. */
export function tickInterval(span: number): number {
  const intervals = [7, 14, 28, 91, 182, 364];

  return intervals.find((interval) => span / interval <= 20) ?? 364;
}

let newStepCount = 0;

/**
 * Makes a new e-mail step one week after the last step (on the due date
 * when there is none), on the first free day from there.
 */
export function newStep(
  draft: ProfileDraft,
  name: string,
  templates: ReadonlyMap<StepChannel, string[]>,
): StepDraft {
  newStepCount += 1;
  const last = Math.max(-7, ...draft.steps.map((step) => step.dayOffset));
  const day = firstFreeDay(draft.steps, '', Math.min(last + 7, MAX_OFFSET), 1) ?? MIN_OFFSET;

  return {
    key: `new-${newStepCount}`,
    name,
    dayOffset: day,
    channel: 'email',
    templateKey: templates.get('email')?.[0] ?? '',
    minimumAmount: '0.00',
    minDaysSincePrevious: 0,
    conditions: {},
    scope: 'debtor',
    addsCollectionCosts: false,
    addsInterest: false,
    attachInvoiceCopies: false,
    attachLetter: false,
    feeFixed: '0.00',
    feePercent: '0.00',
    interestBasis: 'statutory',
    contractualInterestPercent: null,
    isFourteenDayLetter: false,
  };
}

/**
 * Sorts the field errors of a failed save to the profile fields and the
 * steps. The server names fields as `steps.2.templateKey`, or with the
 * prefix `body.` when the request schema rejected them, and the index is
 * the position in the body, which lists the steps in timeline order.
 * An error without field details is written with `describe`.
 */
export function errorsOf(
  error: Error,
  sent: readonly StepDraft[],
  describe: (error: Error) => string,
): DraftErrors {
  const result: DraftErrors = { profile: {}, steps: {}, general: [] };
  const fields = fieldProblems(error);
  if (fields.length === 0) {
    result.general.push(describe(error));
    return result;
  }
  for (const { field, message } of fields) {
    const path = field.replace(/^body\./, '').split('.');
    const step = path[0] === 'steps' ? sent[Number(path[1])] : undefined;
    if (step && path[2]) {
      result.steps[step.key] = { ...result.steps[step.key], [path[2]]: message };
    } else if (path[0] && path[0] !== 'steps') {
      result.profile[path[0]] = message;
    } else {
      result.general.push(message);
    }
  }

  return result;
}

function fieldProblems(error: unknown): Array<{ field: string; message: string }> {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) {
    return [];
  }
  const fields = (error.details as { fields?: unknown }).fields;

  return Array.isArray(fields)
    ? fields.filter(
        (entry): entry is { field: string; message: string } =>
          typeof entry?.field === 'string' && typeof entry?.message === 'string',
      )
    : [];
}
