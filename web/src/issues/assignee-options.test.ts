import { describe, expect, it } from 'vitest';
import { assigneeOptions } from './assignee-options.ts';

const users = [
  { id: 'u1', name: 'Carla de Wit', departmentId: null },
  { id: 'u2', name: 'Dirk Bosman', departmentId: 'd1' },
  { id: 'u3', name: 'Sanne Visser', departmentId: 'd2' },
];

describe('assigneeOptions', () => {
  it('puts the department first', () => {
    const options = assigneeOptions({
      users,
      department: { id: 'd1', label: 'Distribution' },
      othersLabel: 'Other departments',
      current: null,
    });

    expect(options).toEqual([
      { group: 'Distribution', items: [{ value: 'u2', label: 'Dirk Bosman' }] },
      {
        group: 'Other departments',
        items: [
          { value: 'u1', label: 'Carla de Wit' },
          { value: 'u3', label: 'Sanne Visser' },
        ],
      },
    ]);
  });

  it('lists everyone without a department', () => {
    const options = assigneeOptions({
      users,
      department: null,
      othersLabel: 'Other departments',
      current: null,
    });

    expect(options).toEqual([
      { value: 'u1', label: 'Carla de Wit' },
      { value: 'u2', label: 'Dirk Bosman' },
      { value: 'u3', label: 'Sanne Visser' },
    ]);
  });

  it('keeps a current assignee who left the list', () => {
    const options = assigneeOptions({
      users: users.slice(1, 2),
      department: { id: 'd1', label: 'Distribution' },
      othersLabel: 'Other departments',
      current: { id: 'u9', name: 'Former Colleague' },
    });

    expect(options).toEqual([
      { group: 'Distribution', items: [{ value: 'u2', label: 'Dirk Bosman' }] },
      { group: 'Other departments', items: [{ value: 'u9', label: 'Former Colleague' }] },
    ]);
  });
});
