/** The org units as a select's options: by path, so that each follows its parent, and indented by depth. */
export function UnitOptions({ units }: { units: readonly { id: string; name: string; path: string }[] }) {
  return (
    <>
      {[...units]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((u) => (
          <option key={u.id} value={u.id}>
            {'\u00a0\u00a0'.repeat(u.path.split('/').filter(Boolean).length - 1)}
            {u.name}
          </option>
        ))}
    </>
  )
}
