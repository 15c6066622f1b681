import { expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { client, testApp } from '../server/test-client.js'
import { createDemoOwner } from './demo-owner.js'

async function demoDatabase() {
  const { app, db } = await testApp()
  const organization = await createOrganization(db, 'Demo company')
  const workspace = await createWorkspace(db, organization.id, 'Demo web shop')
  const owner = await createDemoOwner(db, { organizationId: organization.id, workspaceId: workspace.id })
  return { app, db, owner }
}

test('the demo owner logs in with a password generated for this database, not a published one', async () => {
  const first = await demoDatabase()
  const second = await demoDatabase()
  expect(first.owner.password).not.toBe(second.owner.password)
  expect(first.owner.password).toHaveLength(16)

  const login = (password: string) =>
    client(first.app).json<{ workspaces: unknown[] }>('POST', '/api/v1/auth/login', {
      email: first.owner.email,
      password,
    })
  expect((await login('rapport-demo')).status).toBe(401)
  const ok = await login(first.owner.password)
  expect(ok.status).toBe(200)
  expect(ok.body.workspaces).toHaveLength(1)
  await first.db.close()
  await second.db.close()
})
