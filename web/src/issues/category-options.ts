import type { ComboboxItem, ComboboxItemGroup } from '@mantine/core';
import type { IssueCategoryOption } from '../api/use-issues.ts';

/**
 * Groups categories by their business process for a Select, each name in the
 * UI language. Processes and categories keep the server's order.
 */
export function groupCategories(
  categories: IssueCategoryOption[],
  nameOf: (value: { name: string; names: Record<string, string> }) => string,
): ComboboxItemGroup<ComboboxItem>[] {
  const groups = new Map<string, ComboboxItemGroup<ComboboxItem>>();
  for (const category of categories) {
    const processName = nameOf({ name: category.processName, names: category.processNames });
    let group = groups.get(category.processId);
    if (!group) {
      group = { group: processName, items: [] };
      groups.set(category.processId, group);
    }
    group.items.push({ value: category.id, label: nameOf(category) });
  }

  return [...groups.values()];
}
