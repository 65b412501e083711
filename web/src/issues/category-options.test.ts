import { describe, expect, it } from 'vitest';
import type { IssueCategoryOption } from '../api/use-issues.ts';
import { groupCategories } from './category-options.ts';

function category(
  id: string,
  process: { id: string; name: string; nl?: string },
  name: string,
  dutchName?: string,
): IssueCategoryOption {
  return {
    id,
    processId: process.id,
    processName: process.name,
    processNames: process.nl ? { nl: process.nl } : {},
    name,
    names: dutchName ? { nl: dutchName } : {},
    pausesDunning: true,
    daysToResolve: 10,
    dayKind: 'calendar',
    departmentId: null,
    assigneeUserId: null,
    portalSelectable: false,
  };
}

const dutch = (value: { name: string; names: Record<string, string> }) =>
  value.names.nl ?? value.name;

describe('groupCategories', () => {
  const sales = { id: 'p1', name: 'Sales', nl: 'Verkoop' };
  const logistics = { id: 'p2', name: 'Logistics' };

  it('groups by process in server order', () => {
    const groups = groupCategories(
      [
        category('c1', sales, 'Price disputed', 'Prijs betwist'),
        category('c2', logistics, 'Wrong delivery', 'Verkeerde levering'),
        category('c3', sales, 'Invoice not received'),
      ],
      dutch,
    );

    expect(groups).toEqual([
      {
        group: 'Verkoop',
        items: [
          { value: 'c1', label: 'Prijs betwist' },
          { value: 'c3', label: 'Invoice not received' },
        ],
      },
      { group: 'Logistics', items: [{ value: 'c2', label: 'Verkeerde levering' }] },
    ]);
  });

  it('returns no groups without categories', () => {
    expect(groupCategories([], dutch)).toEqual([]);
  });
});
