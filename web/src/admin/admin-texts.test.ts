import { describe, expect, it } from 'vitest';
import { PRESET_GROUPS, START_SCREENS } from '../../../src/access/permissions.ts';
import { startScreenPaths } from '../account/screen-access.ts';
import users from '../i18n/namespaces/en/users.json';
import { startScreens } from './start-screens.ts';

describe('admin texts', () => {
  it('preset group names match server', () => {
    const serverNames = Object.fromEntries(PRESET_GROUPS.map((group) => [group.slug, group.name]));
    expect(users.presetGroups).toEqual(serverNames);
  });

  it('start screens match server', () => {
    expect([...startScreens]).toEqual([...START_SCREENS]);
    expect(Object.keys(users.startScreens).sort()).toEqual([...START_SCREENS].sort());
  });

  it('every start screen has a path', () => {
    expect(Object.keys(startScreenPaths).sort()).toEqual([...START_SCREENS].sort());
  });
});
