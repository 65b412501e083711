import { AppError } from '../errors.ts';
import { PERMISSION_NAMES, isPermission, type Permission } from '../access/permissions.ts';

/**
 * Checks permission names given for an API key and returns them without
 * duplicates, in the order of PERMISSIONS. Throws invalid_input naming every
 * unknown name and listing the valid ones, or when the list is empty.
 */
export function parseKeyPermissions(names: readonly string[], field: string): Permission[] {
  const unknown = names.filter((name) => !isPermission(name));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_input',
      `Unknown permission ${unknown.map((name) => `"${name}"`).join(', ')} in ${field}. Valid permissions: ${PERMISSION_NAMES.join(', ')}.`,
      { field, unknown, valid: PERMISSION_NAMES },
    );
  }
  if (names.length === 0) {
    throw new AppError(
      'invalid_input',
      `${field} is empty: name at least one permission, or leave it out to give the key every permission you hold.`,
      { field },
    );
  }

  return PERMISSION_NAMES.filter((permission) => names.includes(permission));
}
