import { Route } from 'react-router-dom';
import {
  ApiKeysScreen,
  AuditLogScreen,
  DepartmentsScreen,
  GroupsScreen,
  UsersScreen,
} from './lazy-screens.tsx';

/**
 * The administration screens, for a `<ScreenRoutes>` list. They need no
 * entity, so they also work before the organisation has one.
 */
export const adminRoutes = (
  <>
    <Route path="/admin/users" element={<UsersScreen />} />
    <Route path="/admin/groups" element={<GroupsScreen />} />
    <Route path="/admin/departments" element={<DepartmentsScreen />} />
    <Route path="/admin/api-keys" element={<ApiKeysScreen />} />
    <Route path="/admin/audit-log" element={<AuditLogScreen />} />
  </>
);
