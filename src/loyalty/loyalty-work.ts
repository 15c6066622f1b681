import type { BackgroundWork } from '../jobs/work.js'
import { actsFromEvents, anniversaryActs, habitStreakActs } from './act-sources.js'
import { rewardReferrals } from './referrals.js'

/**
 * The loyalty program's schedules beyond expiry and tiers: referral rewards once the return window has passed, acts
 * from events, habit streaks and anniversaries.
 */
export function loyaltyWork(): BackgroundWork {
  return {
    handlers: {},
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
