import type { BackgroundWork } from '../jobs/work.js'
import { rewardReferrals } from './referrals.js'

/** The loyalty program's schedules beyond expiry and tiers: referral rewards once the return window has passed. */
export function loyaltyWork(): BackgroundWork {
  return {
    handlers: {},
    schedules: [
      {
        name: 'loyalty.referrals',
        everySeconds: 3_600,
        run: async (db) => void (await rewardReferrals(db, new Date())),
      },
    ],
  }
}
