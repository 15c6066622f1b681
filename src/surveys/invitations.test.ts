import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import {
  createInvitation,
  getInvitation,
  invitationToken,
  markInvitationSent,
  surveyPageUrl,
  verifyInvitationToken,
} from './invitations.js'
import { createSurvey } from './surveys.js'
import { npsDefinition, surveyWorkspace } from './test-survey.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`invitations on ${driver.name}`, () => {
    let db: Db
    let ws: { workspaceId: string; customerId: string }
    let surveyId: string
    beforeAll(async () => {
      db = await driver.open()
      ws = await surveyWorkspace(db)
      surveyId = (
        await createSurvey(db, ws.workspaceId, {
          name: 'Delivery',
          touchpoint: 'delivery',
          npsKind: 'transactional',
          definition: npsDefinition,
        })
      ).id
    })
    afterAll(async () => {
      await db?.close()
    })

    test('a personal link verifies back to its invitation, and a changed signature or id does not', async () => {
      const { invitation, token, url } = await createInvitation(db, {
        workspaceId: ws.workspaceId,
        surveyId,
        customerId: ws.customerId,
        channel: 'email',
        language: 'uk',
        hidden: { order_id: 'O-1' },
        baseUrl: 'https://cx.example.com/',
      })
      expect(url).toBe(`https://cx.example.com/s/i/${token}`)
      expect(invitation).toMatchObject({ status: 'pending', channel: 'email', hidden: { order_id: 'O-1' } })
      expect((await verifyInvitationToken(db, token))?.id).toBe(invitation.id)
      const [id, sig] = token.split('.') as [string, string]
      const flipped = sig[0] === 'A' ? `B${sig.slice(1)}` : `A${sig.slice(1)}`
      expect(await verifyInvitationToken(db, `${id}.${flipped}`)).toBeUndefined()
      // Another invitation's id with this invitation's signature opens nothing.
      const other = await createInvitation(db, {
        workspaceId: ws.workspaceId,
        surveyId,
        customerId: null,
        channel: 'link',
      })
      expect(await verifyInvitationToken(db, `${other.token.split('.')[0]}.${sig}`)).toBeUndefined()
      expect(await verifyInvitationToken(db, 'not-a-token')).toBeUndefined()
      // A token signed with a different secret is refused.
      expect(
        await verifyInvitationToken(db, invitationToken('guessed secret', invitation.id)),
      ).toBeUndefined()
    })

    test('sending moves a pending invitation to sent; a suppressed one keeps its reason', async () => {
      const { invitation } = await createInvitation(db, {
        workspaceId: ws.workspaceId,
        surveyId,
        customerId: ws.customerId,
        channel: 'email',
      })
      await markInvitationSent(db, ws.workspaceId, invitation.id)
      const sent = await getInvitation(db, ws.workspaceId, invitation.id)
      expect(sent?.status).toBe('sent')
      expect(sent?.sentAt).toBeInstanceOf(Date)
      const suppressed = await createInvitation(db, {
        workspaceId: ws.workspaceId,
        surveyId,
        customerId: ws.customerId,
        channel: 'email',
        status: 'suppressed',
        suppressedReason: 'quarantine',
      })
      expect(suppressed.invitation).toMatchObject({ status: 'suppressed', suppressedReason: 'quarantine' })
    })

    test('an invitation for a survey or customer of another workspace is refused', async () => {
      const other = await surveyWorkspace(db)
      await expect(
        createInvitation(db, { workspaceId: other.workspaceId, surveyId, customerId: null, channel: 'link' }),
      ).rejects.toThrow(/not found/)
      await expect(
        createInvitation(db, {
          workspaceId: ws.workspaceId,
          surveyId,
          customerId: other.customerId,
          channel: 'link',
        }),
      ).rejects.toThrow(/not found/)
    })
  })
}

test('survey page urls carry language, preselected score and mode', () => {
  expect(surveyPageUrl({ slug: 'abc', lang: 'pl', score: 9, mode: 'conversation' })).toBe(
    '/s/abc?lang=pl&score=9&mode=conversation',
  )
  expect(surveyPageUrl({ baseUrl: 'http://x', token: 't.k' })).toBe('http://x/s/i/t.k')
})
