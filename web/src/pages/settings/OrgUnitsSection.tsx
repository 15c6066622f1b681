import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import type { SectionProps } from './SettingsPage.js'
import { type OrgUnit, settingsApi } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

type Editing = { id: string; mode: 'rename' | 'add' | 'move' } | null

/** The org-unit tree, edited in place: rename, add a unit below, move a unit (with those below it), delete an empty one. */
export function OrgUnitsSection({ workspaceId }: SectionProps) {
  const { t } = useTranslation()
  const units = useApi(`units:${workspaceId}`, () => settingsApi.orgUnits(workspaceId))
  const [editing, setEditing] = useState<Editing>(null)
  const action = useAction()
  if (units.error) return <ErrorNotice error={units.error} onRetry={units.reload} />
  const list = units.data ?? []
  const children = (parentId: string | null) => list.filter((u) => u.parentId === parentId)

  const done = async (fn: () => Promise<unknown>) => {
    if (
      await action.run(async () => {
        await fn()
        units.reload()
      })
    )
      setEditing(null)
  }

  const renderTree = (parentId: string | null) => {
    const below = children(parentId)
    if (below.length === 0) return null
    return (
      <ul className="unit-tree">
        {below.map((u) => (
          <li key={u.id} data-testid="unit">
            {editing?.id === u.id && editing.mode === 'rename' ? (
              <UnitForm
                initial={u}
                submitLabel={t('settings.save')}
                onCancel={() => setEditing(null)}
                onSubmit={(v) => done(() => settingsApi.changeOrgUnit(workspaceId, u.id, v))}
              />
            ) : (
              <div className="unit-row">
                <strong>{u.name}</strong>
                <span className="muted mono">{u.code}</span>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setEditing({ id: u.id, mode: 'rename' })}
                >
                  {t('settings.orgUnits.rename')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setEditing({ id: u.id, mode: 'add' })}
                >
                  {t('settings.orgUnits.addBelow')}
                </button>
                {u.parentId !== null && (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setEditing({ id: u.id, mode: 'move' })}
                  >
                    {t('settings.orgUnits.move')}
                  </button>
                )}
                {u.parentId !== null && (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={action.busy}
                    onClick={() => {
                      if (window.confirm(t('settings.orgUnits.confirmDelete', { name: u.name })))
                        void done(() => settingsApi.deleteOrgUnit(workspaceId, u.id))
                    }}
                  >
                    {t('settings.delete')}
                  </button>
                )}
              </div>
            )}
            {editing?.id === u.id && editing.mode === 'move' && (
              <MoveForm
                unit={u}
                units={list}
                onCancel={() => setEditing(null)}
                onSubmit={(parentId) => done(() => settingsApi.moveOrgUnit(workspaceId, u.id, parentId))}
              />
            )}
            {editing?.id === u.id && editing.mode === 'add' && (
              <UnitForm
                submitLabel={t('settings.orgUnits.add')}
                onCancel={() => setEditing(null)}
                onSubmit={(v) =>
                  done(() =>
                    settingsApi.addOrgUnit(workspaceId, { code: v.code, name: v.name, parentCode: u.code }),
                  )
                }
              />
            )}
            {renderTree(u.id)}
          </li>
        ))}
      </ul>
    )
  }

  return (
    <div className="card" data-testid="org-units">
      <h2 className="card-title">{t('settings.sections.orgUnits')}</h2>
      <p className="muted">{t('settings.orgUnits.hint')}</p>
      <ActionError error={action.error} testId="org-unit-error" />
      {units.data ? renderTree(null) : <div className="muted">{t('app.loading')}</div>}
    </div>
  )
}

function UnitForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: OrgUnit
  submitLabel: string
  onSubmit: (value: { code: string; name: string }) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState(initial?.name ?? '')
  const [code, setCode] = useState(initial?.code ?? '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ code: code.trim(), name: name.trim() })
  }
  return (
    <form className="unit-row" onSubmit={submit}>
      <label>
        <span className="visually-hidden">{t('settings.orgUnits.name')}</span>
        <input
          className="input"
          placeholder={t('settings.orgUnits.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={200}
          // biome-ignore lint/a11y/noAutofocus: the field the person just asked to edit
          autoFocus
        />
      </label>
      <label>
        <span className="visually-hidden">{t('settings.orgUnits.code')}</span>
        <input
          className="input mono"
          placeholder={t('settings.orgUnits.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          maxLength={100}
        />
      </label>
      <button type="submit" className="button button-primary">
        {submitLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {t('settings.cancel')}
      </button>
    </form>
  )
}

/** Where a unit may go: any unit but itself and those below it (their paths start with its own), or the top. */
function MoveForm({
  unit,
  units,
  onSubmit,
  onCancel,
}: {
  unit: OrgUnit
  units: OrgUnit[]
  onSubmit: (parentId: string | null) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const targets = units.filter((u) => !u.path.startsWith(unit.path) && u.id !== unit.parentId)
  const [parentId, setParentId] = useState(targets[0]?.id ?? '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit(parentId === '' ? null : parentId)
  }
  const depth = (u: OrgUnit) => u.path.split('/').filter(Boolean).length - 1
  return (
    <form className="unit-row" onSubmit={submit} data-testid="unit-move-form">
      <label>
        {t('settings.orgUnits.moveUnder', { name: unit.name })}{' '}
        <select className="input" value={parentId} onChange={(e) => setParentId(e.target.value)}>
          {targets.map((u) => (
            <option key={u.id} value={u.id}>
              {`${'\u00a0\u00a0'.repeat(depth(u))}${u.name}`}
            </option>
          ))}
          {unit.parentId !== null && <option value="">{t('settings.orgUnits.top')}</option>}
        </select>
      </label>
      <button type="submit" className="button button-primary">
        {t('settings.orgUnits.move')}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {t('settings.cancel')}
      </button>
    </form>
  )
}
