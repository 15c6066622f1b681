import { z } from 'zod'

export const roleSchema = z.enum(['owner', 'admin', 'analyst', 'agent', 'viewer'])
export type Role = z.infer<typeof roleSchema>

export const scopeSchema = z.enum(['read', 'write', 'ingest'])
export type Scope = z.infer<typeof scopeSchema>

/** What a request may do in a workspace. */
export type Permission = 'read' | 'ingest' | 'write' | 'manage'

const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: ['read', 'ingest', 'write', 'manage'],
  admin: ['read', 'ingest', 'write', 'manage'],
  analyst: ['read', 'ingest', 'write'],
  agent: ['read', 'write'],
  viewer: ['read'],
}

// API keys never manage the workspace (users, keys, units): that takes a person.
const scopePermissions: Record<Scope, readonly Permission[]> = {
  read: ['read'],
  ingest: ['ingest'],
  write: ['read', 'ingest', 'write'],
}

/** Whether a member with this role may do this. */
export function roleCan(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission)
}

/** Whether an API key with these scopes may do this. */
export function scopesCan(scopes: readonly Scope[], permission: Permission): boolean {
  return scopes.some((scope) => scopePermissions[scope].includes(permission))
}
