import { hash, verify } from '@node-rs/argon2';

/**
 * Hashes a password with argon2id at the library's defaults (19 MiB of memory,
 * 2 passes, 1 lane), the minimum that OWASP's password storage guide lists
 * for argon2id. The result is a PHC string that carries its own salt.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks `password` against a stored hash. Without a stored hash (unknown
 * user, or a user without a password) it still runs one verification against
 * a decoy hash and returns false, so response times do not reveal which
 * usernames exist.
 */
export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hash('decoy password that matches nothing');
    await verify(await decoyHash, password);
    return false;
  }

  return verify(passwordHash, password);
}
