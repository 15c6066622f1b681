import type { Capability } from '../capabilities.js'

// Simple 24×24 line icons, drawn with the text colour.
const paths: Record<Capability, string> = {
  customers:
    'M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7M21 19v-1a4 4 0 0 0-3-3.9M16 3.1a3.5 3.5 0 0 1 0 6.8',
  segments: 'M12 3v9h9M20.5 15A9 9 0 1 1 9 3.5',
  forecasts: 'M3 20h18M4 16l5-5 4 3 7-8M16 6h4v4',
  surveys: 'M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12h8M8 16h5',
  insights: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  feedback: 'M4 5h16v11H9l-5 4z',
  journeys:
    'M5 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4M19 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4M7 17h6a3 3 0 0 0 0-6h-2a3 3 0 0 1 0-6h6',
  cases: 'M4 7h16v12H4zM9 7V5h6v2M4 12h16',
  loyalty: 'M12 20s-8-4.5-8-10a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.5-8 10-8 10',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6M19 12l2-1-1-3-2.2.2-1.3-1.3.2-2.2-3-1-1 2h-1.4l-1-2-3 1 .2 2.2-1.3 1.3L4 8 3 11l2 1v1.4l-2 1 1 3 2.2-.2 1.3 1.3-.2 2.2 3 1 1-2h1.4l1 2 3-1-.2-2.2 1.3-1.3 2.2.2 1-3-2-1z',
}

export function NavIcon({ name }: { name: Capability }) {
  return (
    <svg
      className="nav-icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[name]} />
    </svg>
  )
}
