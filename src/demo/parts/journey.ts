import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { createJourney } from '../../journeys/journeys.js'
import type { JourneyDocument } from '../../journeys/schemas.js'

// The demo shop's journey map, from first visit to advocacy. It tells a story the data bears out: delivery promises
// "delivered within 24 hours of the order" and keeps it for only some orders (most parcels take one to three days,
// late ones a week), so the delivery answers dip far below the delight intended there; support answers well and
// recovers it. Touchpoint keys are the ones the demo's events and surveys already carry.

const touchpoint = (
  key: string,
  name: string,
  channel: string | null,
  eventTypes: string[],
  intendedEmotion: number,
  intendedThought: string,
  promises: JourneyDocument['stages'][number]['touchpoints'][number]['promises'] = [],
) => ({ key, name, channel, owner: null, eventTypes, intendedEmotion, intendedThought, promises })

export const demoJourney: JourneyDocument = {
  name: 'Online shop: from first visit to advocacy',
  description:
    'The demo shop’s customer journey, with the delivery promise it makes and the answers it gets.',
  stages: [
    {
      name: 'Awareness',
      touchpoints: [touchpoint('homepage', 'First visit', 'web', ['visit'], 1, 'This looks interesting')],
    },
    {
      name: 'Consideration',
      touchpoints: [
        touchpoint('product_page', 'Product page', 'web', ['product_view'], 1, 'I can see what I get'),
        touchpoint('cart', 'Cart', 'web', ['add_to_cart'], 1, 'Easy to put together'),
      ],
    },
    {
      name: 'Purchase',
      touchpoints: [
        touchpoint(
          'checkout',
          'Checkout',
          'web',
          ['checkout', 'order_placed', 'purchase'],
          1,
          'Paid in a minute',
        ),
      ],
    },
    {
      name: 'Delivery',
      touchpoints: [
        touchpoint('order_delivered', 'Parcel arrives', 'courier', ['order_delivered'], 2, 'Here already!', [
          {
            name: 'Delivered within 24 hours',
            startEvent: 'order_placed',
            endEvent: 'order_delivered',
            limitMinutes: 24 * 60,
            businessHours: null,
          },
        ]),
      ],
    },
    {
      name: 'Use',
      touchpoints: [
        touchpoint('review_request', 'Review request', 'email', ['review'], 1, 'Happy to tell others'),
      ],
    },
    {
      name: 'Support',
      touchpoints: [
        touchpoint(
          'support_contact',
          'Support contact',
          'phone',
          ['support_contact'],
          1,
          'They sorted it out',
        ),
      ],
    },
    {
      name: 'Repurchase',
      touchpoints: [touchpoint('reorder', 'Next order', 'web', [], 2, 'I know where to buy')],
    },
    {
      name: 'Advocacy',
      touchpoints: [
        touchpoint('relationship', 'Relationship', 'email', [], 2, 'I recommend them to friends'),
      ],
    },
  ],
}

/** Draws the demo's journey map once the events are in (its paths are built then, in one pass). */
export async function seedDemoJourney(db: Db, workspaceId: string): Promise<string | null> {
  const [existing] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from journeys where workspace_id = ${workspaceId}`,
  )
  if ((existing?.n ?? 0) > 0) return null
  return db.transaction((tx) => createJourney(tx, workspaceId, demoJourney))
}
