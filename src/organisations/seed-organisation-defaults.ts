import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Channel } from '../db/schema.ts';
import { PRESET_DEPARTMENTS, PRESET_GROUPS } from '../access/permissions.ts';

export const DEFAULT_PROFILE_NAME = 'Standard';
export const DEFAULT_SEGMENT_NAME = 'Default';

/** The default succession profile: day offsets from the due date, negative before it. */
export const defaultProfileSteps: ReadonlyArray<{
  name: string;
  dayOffset: number;
  channel: Channel;
  templateKey: string;
}> = [
  { name: 'Courtesy reminder', dayOffset: -3, channel: 'email', templateKey: 'courtesy' },
  { name: 'First reminder', dayOffset: 7, channel: 'email', templateKey: 'reminder-1' },
  { name: 'Second reminder', dayOffset: 21, channel: 'email', templateKey: 'reminder-2' },
  { name: 'Final notice', dayOffset: 35, channel: 'letter', templateKey: 'final-notice' },
  { name: 'Phone call', dayOffset: 42, channel: 'call', templateKey: 'call' },
];

/**
 * Creates what a new organisation starts with: the default segment and its
 * succession profile, the preset user groups and the preset departments.
 */
export async function seedOrganisationDefaults(
  database: DatabaseHandle,
  organisationId: string,
  actor: string,
): Promise<void> {
  await withOrganisation(database, organisationId, async (trx) => {
    const profile = await trx
      .insertInto('succession_profiles')
      .values({ organisation_id: organisationId, name: DEFAULT_PROFILE_NAME })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('steps')
      .values(
        defaultProfileSteps.map((step) => ({
          organisation_id: organisationId,
          profile_id: profile.id,
          name: step.name,
          day_offset: step.dayOffset,
          channel: step.channel,
          template_key: step.templateKey,
          conditions: JSON.stringify({}),
        })),
      )
      .execute();
    const segment = await trx
      .insertInto('segments')
      .values({
        organisation_id: organisationId,
        name: DEFAULT_SEGMENT_NAME,
        profile_id: profile.id,
        is_default: true,
        rules: JSON.stringify([]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('user_groups')
      .values(
        PRESET_GROUPS.map((group) => ({
          organisation_id: organisationId,
          slug: group.slug,
          name: group.name,
          permissions: [...group.permissions],
          start_screen: group.startScreen,
          preset: group.slug,
        })),
      )
      .execute();
    await trx
      .insertInto('departments')
      .values(PRESET_DEPARTMENTS.map((name) => ({ organisation_id: organisationId, name })))
      .execute();
    await recordAudit(trx, {
      organisationId,
      actor,
      action: 'organisation.seeded',
      subjectType: 'segment',
      subjectId: segment.id,
      after: {
        profile: DEFAULT_PROFILE_NAME,
        steps: defaultProfileSteps.length,
        groups: PRESET_GROUPS.map((group) => group.slug),
        departments: PRESET_DEPARTMENTS,
      },
    });
  });
}
