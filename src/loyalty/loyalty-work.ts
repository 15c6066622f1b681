import { z } from 'zod'
import type { BackgroundWork } from '../jobs/work.js'
import { actsFromEvents, anniversaryActs, habitStreakActs } from './act-sources.js'
import { rewardReferrals } from './referrals.js'
import { sendThankEmail, THANK_EMAIL_JOB, type ThanksDelivery } from './thank-email.js'

/**
 * The loyalty program's schedules beyond expiry and tiers: referral rewards once the return window has passed, acts
 * from events, habit streaks and anniversaries, and the thank-you e-mails (sent through `thanks`).
 */
export function loyaltyWork(deps: { thanks: ThanksDelivery }): BackgroundWork {
  return {
    handlers: {
      [THANK_EMAIL_JOB]: async (job, db) => {
        const { actId } = z.object({ actId: z.string() }).parse(job.payload)
        await sendThankEmail(db, deps.thanks, actId, new Date())
      },
    },
    schedules: [
      {
        name: 'loyalty.referrals',
        everySeconds: 3_600,
        run: async (db) => void (await rewardReferrals(db, new Date())),
      },
      {
        name: 'loyalty.event-acts',
        everySeconds: 600,
        run: async (db) => void (await actsFromEvents(db, new Date())),
      },
      {
        name: 'loyalty.recognition',
        everySeconds: 86_400,
        run: async (db) => {
          await habitStreakActs(db, new Date())
          await anniversaryActs(db, new Date())
        },
      },
    ],
  }
}
