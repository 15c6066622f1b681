import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useMe } from '../../session.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { CopyButton } from './CopyButton.js'
import type { SectionProps } from './SettingsPage.js'
import { type CreatedInvitation, type OrgUnit, type Role, settingsApi } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

export const roles: Role[] = ['owner', 'admin', 'analyst', 'agent', 'viewer']

/** A select of org units (indented by depth), with "the whole workspace" first when allowed. */
export function UnitSelect({
  units,
  value,
  onChange,
  allowWhole,
  label,
  testId,
}: {
  units: OrgUnit[]
  value: string | null
  onChange: (id: string | null) => void
  allowWhole: boolean
  label: string
  testId?: string
}) {
  const { t } = useTranslation()
  return (
    <select
      className="select"
      aria-label={label}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      data-testid={testId}
    >
      {allowWhole && <option value="">{t('settings.people.wholeWorkspace')}</option>}
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {'\u00a0'.repeat(2 * (u.path.split('/').filter(Boolean).length - 1))}
          {u.name}
        </option>
      ))}
    </select>
  )
}

/** Invite by e-mail, change a member's role or org unit, remove; open invitations. */
export function PeopleSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const f = useFormat()
  const me = useMe()
  const membership = me.workspaces.find((w) => w.id === workspaceId)
  const myRole = membership?.role
  const members = useApi(`members:${workspaceId}`, () => settingsApi.members(workspaceId))
  const { sorted, th } = useClientSort(members.data ?? [], {
    name: { value: (m) => m.name },
    email: { value: (m) => m.email },
    role: { value: (m) => roles.indexOf(m.role) },
  })
  const invitations = useApi(`invitations:${workspaceId}`, () => settingsApi.invitations(workspaceId))
  const pending = useClientSort(invitations.data ?? [], {
    email: { value: (i) => i.email },
    role: { value: (i) => roles.indexOf(i.role) },
    expires: { value: (i) => i.expiresAt },
  })
  const units = useApi(`units:${workspaceId}`, () => settingsApi.orgUnits(workspaceId))
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('analyst')
  const [unit, setUnit] = useState<string | null>(null)
  const [created, setCreated] = useState<CreatedInvitation | null>(null)
  const invite = useAction()
  const change = useAction()
  const grantable = roles.filter((r) => r !== 'owner' || myRole === 'owner')
  // A manager limited to a unit hands out only that unit and those below it (the API refuses the others).
  const myUnit = membership?.orgUnitId ?? null
  const unitList = (units.data ?? []).filter((u) => myUnit === null || u.path.includes(`/${myUnit}/`))
  const firstUnit = unitList[0]?.id ?? null
  const chosenUnit = wholeWorkspace ? unit : (unit ?? firstUnit)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await invite.run(async () => {
      setCreated(await settingsApi.invite(workspaceId, { email, role, orgUnitId: chosenUnit }))
      setEmail('')
      invitations.reload()
    })
  }
  const act = (fn: () => Promise<unknown>) =>
    void change.run(async () => {
      await fn()
      members.reload()
      invitations.reload()
    })

  return (
    <>
      <form className="card form" onSubmit={(e) => void submit(e)} data-testid="invite-form">
        <h2 className="card-title">{t('settings.people.invite')}</h2>
        <div className="settings-form">
          <Field label={t('settings.people.email')}>
            <input
              className="input"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              maxLength={320}
              data-testid="invite-email"
            />
          </Field>
          <Field label={t('settings.people.role')}>
            <select
              className="select"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              data-testid="invite-role"
            >
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {t(`settings.roles.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('settings.people.orgUnit')}>
            <UnitSelect
              units={unitList}
              value={chosenUnit}
              onChange={setUnit}
              allowWhole={wholeWorkspace}
              label={t('settings.people.orgUnit')}
            />
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={invite.busy}
            data-testid="invite-submit"
          >
            {t('settings.people.send')}
          </button>
        </div>
        <ActionError error={invite.error} testId="invite-error" />
        {created && (
          <div className="secret-box" role="status" data-testid="invite-result">
            <p>
              {created.emailed
                ? t('settings.people.linkEmailed', { email: created.email })
                : created.emailError
                  ? t('settings.people.linkEmailFailed', { email: created.email, error: created.emailError })
                  : t('settings.people.linkNotEmailed', { email: created.email })}
            </p>
            <code data-testid="invite-link">{created.link}</code>
            <CopyButton text={created.link} />
          </div>
        )}
      </form>

      <div className="card table-card">
        <h2 className="card-title">{t('settings.people.members')}</h2>
        {members.error && <ErrorNotice error={members.error} onRetry={members.reload} />}
        <ActionError error={change.error} testId="member-error" />
        <div className="table-scroll">
          <table className="table" data-testid="members">
            <thead>
              <tr>
                {th('name', t('settings.people.name'))}
                {th('email', t('settings.people.email'))}
                {th('role', t('settings.people.role'))}
                <th scope="col">{t('settings.people.orgUnit')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('settings.people.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((m) => (
                <tr key={m.userId} data-testid="member-row">
                  <td>
                    {m.name}{' '}
                    {m.userId === me.user.id && <span className="muted">{t('settings.people.you')}</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    <select
                      className="select"
                      aria-label={t('settings.people.roleOf', { name: m.name })}
                      value={m.role}
                      disabled={change.busy}
                      onChange={(e) =>
                        act(() =>
                          settingsApi.changeMember(workspaceId, m.userId, { role: e.target.value as Role }),
                        )
                      }
                    >
                      {roles.map((r) => (
                        <option key={r} value={r} disabled={!grantable.includes(r)}>
                          {t(`settings.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <UnitSelect
                      units={unitList}
                      value={m.orgUnitId}
                      allowWhole={wholeWorkspace || m.orgUnitId === null}
                      label={t('settings.people.unitOf', { name: m.name })}
                      onChange={(id) =>
                        act(() => settingsApi.changeMember(workspaceId, m.userId, { orgUnitId: id }))
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={change.busy || m.userId === me.user.id}
                      onClick={() => {
                        if (window.confirm(t('settings.people.confirmRemove', { name: m.name })))
                          act(() => settingsApi.removeMember(workspaceId, m.userId))
                      }}
                    >
                      {t('settings.people.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {(invitations.data?.length ?? 0) > 0 && (
        <div className="card table-card">
          <h2 className="card-title">{t('settings.people.pending')}</h2>
          <div className="table-scroll">
            <table className="table" data-testid="invitations">
              <thead>
                <tr>
                  {pending.th('email', t('settings.people.email'))}
                  {pending.th('role', t('settings.people.role'))}
                  {pending.th('expires', t('settings.people.expires'))}
                  <th scope="col">
                    <span className="visually-hidden">{t('settings.people.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.sorted.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{t(`settings.roles.${i.role}`)}</td>
                    <td>{f.date(i.expiresAt)}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={change.busy}
                        data-testid="invitation-resend"
                        onClick={() =>
                          act(async () => setCreated(await settingsApi.resendInvitation(workspaceId, i.id)))
                        }
                      >
                        {t('settings.people.resend')}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={change.busy}
                        onClick={() => act(() => settingsApi.withdrawInvitation(workspaceId, i.id))}
                      >
                        {t('settings.people.withdraw')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </>
  )
}
