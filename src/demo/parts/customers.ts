import type { CustomerRecord } from '../../customers/records.js'
import { drawPersonName } from '../names.js'
import type { Random } from '../random.js'
import { englishDomains } from '../regions.js'
import type { Shopper } from './shoppers.js'

/** Draws a shopper's customer record: name, contact data, consents and attributes. */
export function drawCustomer(rng: Random, shopper: Shopper, usedEmails: Set<string>): CustomerRecord {
  const person = drawPersonName(rng, shopper.language)
  const email = drawEmail(rng, shopper, person.emailLocal, usedEmails)
  const phone = drawPhone(rng, shopper)
  const optedOut = rng.bool(0.02)
  return {
    customer_id: shopper.customerId,
    name: person.name,
    email,
    phone,
    language: shopper.language,
    org_unit: shopper.store,
    email_opt_in: email !== null && !optedOut && rng.bool(0.65),
    sms_opt_in: phone !== null && !optedOut && rng.bool(0.35),
    opted_out: optedOut,
    // Only what a shop would know: the generator's latent traits (rate, basket) stay out of the record.
    attributes: {
      signup_source: shopper.source,
      signed_up_at: new Date(shopper.signedUpAt).toISOString(),
    },
  }
}

/** Store customers often leave no e-mail; a taken address gets a number (anna2@…). */
function drawEmail(rng: Random, shopper: Shopper, local: string, usedEmails: Set<string>): string | null {
  if (rng.bool(shopper.source === 'store' ? 0.35 : 0.03)) return null
  const domain = rng.weighted(shopper.language === 'en' ? englishDomains : shopper.region.domains)
  let email = `${local}@${domain}`
  for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${domain}`
  usedEmails.add(email)
  return email
}

function drawPhone(rng: Random, shopper: Shopper): string | null {
  const missing = shopper.source === 'web' ? 0.4 : shopper.source === 'store' ? 0.1 : 0.25
  return rng.bool(missing) ? null : shopper.region.phone(rng)
}
