import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

export interface Workspace {
  id: string
  organizationId: string
  name: string
}

export async function createOrganization(db: Db, name: string): Promise<{ id: string; name: string }> {
  const [row] = await db.query<{ id: string; name: string }>(
    sql`insert into organizations (name) values (${name}) returning id, name`,
  )
  return row!
}

export async function createWorkspace(db: Db, organizationId: string, name: string): Promise<Workspace> {
  const [row] = await db.query<Workspace>(sql`insert into workspaces (organization_id, name)
    values (${organizationId}, ${name}) returning id, organization_id as "organizationId", name`)
  return row!
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  const [row] = await db.query<Workspace>(
    sql`select id, organization_id as "organizationId", name from workspaces where id = ${id}`,
  )
  return row
}

export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  return db.query<Workspace>(
    sql`select id, organization_id as "organizationId", name from workspaces order by created_at, name`,
  )
}

/** Whether the first-run setup is still to be done (no user exists). */
export async function needsSetup(db: Db): Promise<boolean> {
  const rows = await db.query(sql`select 1 from users limit 1`)
  return rows.length === 0
}
