import type { Executor } from '../db/database.ts';

/** An actor as stored (user id, "apikey:<key id>", "system") with its display name. */
export interface NamedActor {
  actor: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const API_KEY_ACTOR = /^apikey:([0-9a-f-]{36})$/i;

/**
 * Reads display names for actors: a user's name, "API key <key name>" for
 * an API key, and the stored text itself for anything else (such as
 * "system" or an actor whose user was deleted).
 */
export async function loadActorNames(
  executor: Executor,
  actors: readonly string[],
): Promise<(actor: string) => NamedActor> {
  const unique = [...new Set(actors)];
  const userIds = unique.filter((actor) => UUID.test(actor));
  const keyIds = unique.flatMap((actor) => {
    const match = API_KEY_ACTOR.exec(actor);
    return match?.[1] ? [match[1]] : [];
  });
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const users = await executor
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', userIds)
      .execute();
    for (const user of users) {
      names.set(user.id, user.name);
    }
  }
  if (keyIds.length > 0) {
    const keys = await executor
      .selectFrom('api_keys')
      .select(['id', 'name'])
      .where('id', 'in', keyIds)
      .execute();
    for (const key of keys) {
      names.set(`apikey:${key.id}`, `API key ${key.name}`);
    }
  }

  return (actor) => ({ actor, name: names.get(actor) ?? actor });
}
