import { expect, test } from 'vitest'
import { accessCan } from './workspace-access.js'

const member = (role: 'owner' | 'admin' | 'analyst' | 'viewer', unitPath: string | null = null) => ({
  role,
  scopes: null,
  unitPath,
})

test('a role may do what it holds, and nothing reaching every unit when limited to one', () => {
  expect(accessCan(member('admin'), 'manage')).toBe(true)
  expect(accessCan(member('analyst'), 'manage')).toBe(false)
  expect(accessCan(member('viewer'), 'write')).toBe(false)
  expect(accessCan(member('admin', '/a/'), 'manage')).toBe(true)
  expect(accessCan(member('admin', '/a/'), 'manage', { wholeWorkspace: true })).toBe(false)
  expect(accessCan(member('owner'), 'manage', { wholeWorkspace: true })).toBe(true)
})

test('an API key may do what its scopes hold, and never manage', () => {
  expect(accessCan({ role: null, scopes: ['write'], unitPath: null }, 'ingest')).toBe(true)
  expect(accessCan({ role: null, scopes: ['read'], unitPath: null }, 'write')).toBe(false)
  expect(accessCan({ role: null, scopes: ['read', 'ingest', 'write'], unitPath: null }, 'manage')).toBe(false)
})
