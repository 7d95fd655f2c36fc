export type { DashboardOptions } from './dashboard-plugin.js';
export { DASHBOARD_ASSETS_DIR, DashboardNotBuiltError, levityDashboard } from './dashboard-plugin.js';
