import { type Sql, sql } from '../db/sql.js'

/**
 * The workspace's current results (those of its current generation), as a relation to select from. The generation
 * is looked up once, ahead of the query, so the planner estimates the rows from the results' statistics: joined to
 * segment_generations instead, it took a million results for two thousand and looked up each one's customer.
 * @example sql`select count(*) from ${currentResults(ws)} s`
 */
export function currentResults(workspaceId: string): Sql {
  return sql`(select * from segment_results where workspace_id = ${workspaceId}
    and generation = (select generation from segment_generations where workspace_id = ${workspaceId}))`
}
