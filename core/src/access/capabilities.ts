/**
 * What a caller may do, as the server decides it from their roles (server/src/access). `GET /me`
 * returns the caller's list; the web shows menus, pages and buttons from it, never from roles.
 */
export const CAPABILITIES = [
  /** The organisation pages: anyone who sees more than themself. */
  'org.view',
  /** Change departments and employees. */
  'org.manage',
  /** Grant or take away the system admin role. */
  'roles.system_admin.grant',
  /** Reset another person's password (signed in, never a token). */
  'passwords.reset',
  /** Import and export the organisation. */
  'imports.run',
  /** Team goals, the team dashboard, and the team views of alerts, follow-ups and feedback. */
  'team.view',
  /** The dashboard of a department (those one heads or is HRBP for; every one for HR). */
  'dashboards.department.view',
  /** Every department's dashboard, from the top of the tree. */
  'dashboards.company.view',
  /** Set a personal goal for someone else (checked per person). */
  'goals.others.set',
  /** Set department goals (checked per department). */
  'goals.department.set',
  /** Set company goals. */
  'goals.company.set',
  'cycles.manage',
  'snapshots.manage',
  'notifications.channels.manage',
  'audit.read',
  /** API tokens (signed in, never through another token). */
  'tokens.manage',
  /** Company settings (signed in, never a token). */
  'settings.manage',
  /** Review templates and review rounds: build, launch, close, score, reopen a review. */
  'reviews.manage',
  /** Track review rounds: completion, who is late, scores and breakdowns of the people in reach. */
  'reviews.track',
] as const;
export type Capability = (typeof CAPABILITIES)[number];
