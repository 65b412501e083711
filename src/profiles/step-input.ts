import type { Channel, StepConditions, StepScope } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { loadTemplateSet } from '../messaging/template-store.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';
import {
  toStepChargeValues,
  type StepChargeInput,
  type StepChargeValues,
} from './step-charge-input.ts';
import { listStepTemplates, templateFitsChannel } from './step-templates.ts';

/** A step as the profile editor sends it; a step with `id` updates that step, one without is new. */
export interface StepInput extends StepChargeInput {
  id?: string | undefined;
  name: string;
  /** Days from the due date, -365 to 3650; negative is before it. */
  dayOffset: number;
  channel: Channel;
  templateKey: string;
  /** Decimal text such as "25.00"; the open total below which the step is skipped. Default "0". */
  minimumAmount?: string | undefined;
  minDaysSincePrevious?: number | undefined;
  conditions?: StepConditions | undefined;
  scope?: StepScope | undefined;
  addsCollectionCosts?: boolean | undefined;
  addsInterest?: boolean | undefined;
  attachInvoiceCopies?: boolean | undefined;
  attachLetter?: boolean | undefined;
}

/** The columns of a step row that the editor sets. */
export interface StepValues extends StepChargeValues {
  name: string;
  day_offset: number;
  channel: Channel;
  template_key: string;
  minimum_amount_minor: number;
  min_days_since_previous: number;
  conditions: string;
  scope: StepScope;
  adds_collection_costs: boolean;
  adds_interest: boolean;
  attach_invoice_copies: boolean;
  attach_letter: boolean;
}

export interface ValidStep {
  id: string | undefined;
  values: StepValues;
}

/** One invalid field of the request, such as `steps.2.templateKey`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Minimum amounts are stored in minor units and compared with the open
 * total in each invoice's own currency. They are parsed with two decimals.
 * NOTE: for an entity whose currency has zero or three decimals (JPY, KWD)
 * the same minor-unit number means another amount.
 */
const MINIMUM_AMOUNT_DIGITS_OF = 'EUR';

/** Formats a stored minimum amount as the decimal text the API returns. */
export function formatMinimumAmount(minor: number): string {
  return formatDecimal(minor, MINIMUM_AMOUNT_DIGITS_OF);
}

/**
 * Checks the step list of a profile and converts it to row values. The
 * checks cover what the request schema cannot. Every template exists for
 * its channel, and minimum amounts are valid decimals. Each step has its
 * own day, and attachments are set on e-mail steps only. Fees and rates
 * are valid, and a contractual interest basis has a rate. Each `id` is one
 * of `knownStepIds` and appears once. Throws invalid_input naming every
 * problem, with the step number and field.
 */
export function validateSteps(
  steps: readonly StepInput[],
  knownStepIds: ReadonlySet<string>,
): ValidStep[] {
  const problems: FieldProblem[] = [];
  const seenIds = new Set<string>();
  const dayOwners = new Map<number, number>();

  const valid = steps.map((step, index) => {
    const report = (field: string, message: string) =>
      problems.push({
        field: `steps.${index}.${field}`,
        message: `${describeStep(step, index)}: ${message}`,
      });

    if (step.id !== undefined) {
      if (!knownStepIds.has(step.id)) {
        report(
          'id',
          `${step.id} is not a step of this profile; leave out the id to add a new step.`,
        );
      } else if (seenIds.has(step.id)) {
        report('id', `${step.id} appears twice; each step may appear once.`);
      }
      seenIds.add(step.id);
    }
    const sameDay = dayOwners.get(step.dayOffset);
    if (sameDay !== undefined) {
      report(
        'dayOffset',
        `day ${step.dayOffset} has step ${sameDay + 1} already; give each step its own day.`,
      );
    } else {
      dayOwners.set(step.dayOffset, index);
    }
    checkTemplate(step, report);
    checkAttachments(step, report);

    return { id: step.id, values: toStepValues(step, report) };
  });

  if (problems.length > 0) {
    throw new AppError('invalid_input', problems.map((problem) => problem.message).join(' '), {
      fields: problems,
    });
  }

  return valid;
}

function describeStep(step: StepInput, index: number): string {
  return `Step ${index + 1} ("${step.name}")`;
}

function checkTemplate(step: StepInput, report: (field: string, message: string) => void): void {
  if (templateFitsChannel(loadTemplateSet(), step.channel, step.templateKey)) {
    return;
  }
  const choices = listStepTemplates()[step.channel];
  report(
    'templateKey',
    `template "${step.templateKey}" does not exist for the ${step.channel} channel; use one of ${choices.join(', ')}.`,
  );
}

function checkAttachments(step: StepInput, report: (field: string, message: string) => void): void {
  if (step.channel === 'email') {
    return;
  }
  if (step.attachInvoiceCopies) {
    report(
      'attachInvoiceCopies',
      'only e-mail steps carry invoice copies; turn it off or use the email channel.',
    );
  }
  if (step.attachLetter) {
    report(
      'attachLetter',
      'only e-mail steps carry the letter PDF; turn it off or use the email channel.',
    );
  }
}

function toStepValues(
  step: StepInput,
  report: (field: string, message: string) => void,
): StepValues {
  return {
    name: step.name.trim(),
    day_offset: step.dayOffset,
    channel: step.channel,
    template_key: step.templateKey,
    minimum_amount_minor: parseMinimumAmount(step.minimumAmount ?? '0', report),
    min_days_since_previous: step.minDaysSincePrevious ?? 0,
    conditions: JSON.stringify(normaliseConditions(step.conditions ?? {})),
    scope: step.scope ?? 'debtor',
    adds_collection_costs: step.addsCollectionCosts ?? false,
    adds_interest: step.addsInterest ?? false,
    attach_invoice_copies: step.attachInvoiceCopies ?? false,
    attach_letter: step.attachLetter ?? false,
    ...toStepChargeValues(step, report),
  };
}

function parseMinimumAmount(
  text: string,
  report: (field: string, message: string) => void,
): number {
  try {
    const minor = parseAmount(text, MINIMUM_AMOUNT_DIGITS_OF);
    if (minor < 0) {
      report('minimumAmount', `"${text}" is negative; use 0 or more.`);
    }

    return minor;
  } catch (error) {
    if (!(error instanceof AmountParseError)) {
      throw error;
    }
    report('minimumAmount', `"${text}" ${error.message}; write it as 25.00.`);

    return 0;
  }
}

/** Writes each language code once in lower case, and leaves out an empty list, which means every language. */
function normaliseConditions(conditions: StepConditions): StepConditions {
  const languages = [...new Set((conditions.languages ?? []).map((code) => code.toLowerCase()))];

  return {
    ...(conditions.debtorKind ? { debtorKind: conditions.debtorKind } : {}),
    ...(languages.length > 0 ? { languages } : {}),
  };
}
