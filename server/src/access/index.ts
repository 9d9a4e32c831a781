/*
 * Access in one place: who may see or change what.
 *
 * - visibility.sql.ts — visibility as SQL predicates, for repositories: the reporting line, the
 *   department chain, HRBP scope and tenant-wide roles; visibility.repository.ts runs the few
 *   questions services ask directly (isInScopedDepartments).
 * - reach.ts — the same relations on one row (isTenantAdmin, hasAnyRole, isSelf …) and `forbid()`,
 *   which only policy files (`<feature>.policy.ts`) and this module call.
 * - capabilities.ts — what a caller may do, computed once from their roles; `GET /me` returns it
 *   and the web shows menus and buttons from it.
 * - route-access.ts — the table of every route and who may call it, enforced by a hook before
 *   the handler runs and tested for every role (route-access.int.test.ts).
 *
 * A new feature (reviews, calibration, results, pay …) adds its rules here, in three places:
 * 1. an entry per route in ROUTE_ACCESS (`public`, `signed-in`, or the capability it needs) —
 *    the route-access test fails until every registered route has one;
 * 2. a `<feature>.policy.ts` beside the feature: pure functions of the actor and the facts of a
 *    row (house example: goals/goal.policy.ts `canManageGoal`), built from reach.ts, with SQL
 *    predicates for lists added to visibility.sql.ts;
 * 3. a capability in core's CAPABILITIES, granted in capabilities.ts, if the web shows a menu or
 *    a button for it.
 */
export * from './capabilities.ts';
export * from './reach.ts';
export * from './route-access.ts';
