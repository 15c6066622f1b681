import { expect } from 'vitest'

export interface OwnerInput {
  email: string
  password: string
  name?: string
  organizationName?: string
  workspaceName?: string
}

/** Sets up a fresh server's organisation, workspace and owner over the API (no demo data); returns the session
 * (its workspaces, CSRF token and cookie). */
export async function setUpOwner(
  serverUrl: string,
  owner: OwnerInput,
): Promise<{ workspaces: { id: string }[]; csrfToken: string; cookie: string }> {
  const setup = await fetch(`${serverUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Shop',
      workspaceName: 'Shop',
      name: 'Owner',
      ...owner,
      demo: false,
    }),
  })
  expect(setup.status).toBe(201)
  const me = (await setup.json()) as { workspaces: { id: string }[]; csrfToken: string }
  return { ...me, cookie: (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '' }
}
