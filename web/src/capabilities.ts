/** The dashboard's sections, in navigation order; only `available` ones have pages yet. */
export const capabilities = [
  { path: 'customers', available: true },
  { path: 'segments', available: true },
  { path: 'forecasts', available: true },
  { path: 'surveys', available: true },
  { path: 'insights', available: true },
  { path: 'feedback', available: true },
  { path: 'journeys', available: true },
  { path: 'cases', available: true },
  { path: 'loyalty', available: true },
  { path: 'settings', available: true },
] as const

export type Capability = (typeof capabilities)[number]['path']

export function isCapability(path: string | undefined): path is Capability {
  return capabilities.some((c) => c.path === path)
}
