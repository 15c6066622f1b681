import { z } from 'zod'
import {
  type CustomerRecord,
  customerRecordSchema,
  languageCode,
  type OrderRecord,
  orderRecordSchema,
  productNameOf,
} from '../records.js'

// Shopify ids are integers that may exceed 2^53; a number that is no longer exact is refused
// rather than stored as somebody else's id. admin_graphql_api_id carries the exact id as text.
const inexact = 'id is beyond 2^53 and no longer exact (parse the body keeping big ids)'
const anyId = z.union([z.string().regex(/^\d+$/), z.number().nonnegative().refine(Number.isInteger)])
const exactId = z.union([
  z.string().regex(/^\d+$/),
  z.number().nonnegative().refine(Number.isSafeInteger, inexact),
])
const gid = z.string().nullish()
const identified = (o: { id: string | number; admin_graphql_api_id?: string | null }) =>
  typeof o.id === 'string' || Number.isSafeInteger(o.id) || /\/\d+$/.test(o.admin_graphql_api_id ?? '')
const money = z.string()
const consent = z.looseObject({ state: z.string().nullish() }).nullish()

const address = z
  .looseObject({
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .nullish()

const shopifyCustomerSchema = z
  .looseObject({
    id: anyId,
    admin_graphql_api_id: gid,
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    phone: z.string().nullish(),
    locale: z.string().nullish(),
    accepts_marketing: z.boolean().nullish(),
    email_marketing_consent: consent,
    sms_marketing_consent: consent,
  })
  .refine(identified, { message: inexact, path: ['id'] })

const shopifyLineItemSchema = z.looseObject({
  product_id: exactId.nullish(),
  sku: z.string().nullish(),
  title: z.string(),
  quantity: z.number().int().nonnegative(),
  price: money,
})

/** The parts of a Shopify order webhook payload (orders/create, orders/updated) that Rapport uses. */
export const shopifyOrderSchema = z
  .looseObject({
    id: anyId,
    admin_graphql_api_id: gid,
    created_at: z.string(),
    currency: z.string(),
    total_price: money,
    financial_status: z.string().nullish(),
    cancelled_at: z.string().nullish(),
    email: z.string().nullish(),
    contact_email: z.string().nullish(),
    phone: z.string().nullish(),
    customer_locale: z.string().nullish(),
    customer: shopifyCustomerSchema.nullish(),
    billing_address: address,
    line_items: z.array(shopifyLineItemSchema),
  })
  .refine(identified, { message: inexact, path: ['id'] })
  .refine((o) => o.customer || o.email || o.contact_email, {
    message: 'needs a customer or an e-mail address (guest checkout)',
    path: ['customer'],
  })
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>

const idText = (id: string | number, graphqlId?: string | null) =>
  graphqlId?.match(/\/(\d+)$/)?.[1] ?? String(id)

const nonEmpty = (s: string | null | undefined) => (s?.trim() ? s.trim() : null)

// An odd locale should not make Shopify retry (and finally drop) the webhook: it is simply left out.
const validLanguage = (s: string | null) => (s ? (languageCode.safeParse(s).data ?? null) : null)

const consentGiven = (state: string | null | undefined, legacy?: boolean | null) => {
  if (state === 'subscribed') return true
  if (state === 'not_subscribed' || state === 'unsubscribed' || state === 'redacted') return false
  return legacy ?? undefined
}

function shopifyStatus(o: ShopifyOrder): OrderRecord['status'] {
  if (o.cancelled_at) return 'cancelled'
  switch (o.financial_status) {
    case 'refunded':
      return 'returned'
    case 'pending':
      return 'pending'
    case 'voided':
      return 'cancelled'
    default:
      return 'completed'
  }
}

/** Turns a Shopify order webhook payload into a canonical customer and order; throws a ZodError if invalid. */
export function shopifyOrderToRecords(payload: unknown): { customer: CustomerRecord; order: OrderRecord } {
  const o = shopifyOrderSchema.parse(payload)
  const c = o.customer
  const email = nonEmpty(c?.email) ?? nonEmpty(o.email) ?? nonEmpty(o.contact_email)
  const firstName = nonEmpty(c?.first_name) ?? nonEmpty(o.billing_address?.first_name)
  const lastName = nonEmpty(c?.last_name) ?? nonEmpty(o.billing_address?.last_name)
  const customerId = c ? idText(c.id, c.admin_graphql_api_id) : email!.toLowerCase()

  const customer = customerRecordSchema.parse({
    customer_id: customerId,
    name: [firstName, lastName].filter(Boolean).join(' ') || null,
    email,
    phone: nonEmpty(c?.phone) ?? nonEmpty(o.billing_address?.phone) ?? nonEmpty(o.phone),
    language: validLanguage(nonEmpty(c?.locale) ?? nonEmpty(o.customer_locale)),
    org_unit: null,
    email_opt_in: consentGiven(c?.email_marketing_consent?.state, c?.accepts_marketing),
    sms_opt_in: consentGiven(c?.sms_marketing_consent?.state),
    attributes: { source: 'shopify' },
  })
  const order = orderRecordSchema.parse({
    customer_id: customerId,
    order_id: `shopify:${idText(o.id, o.admin_graphql_api_id)}`,
    ordered_at: o.created_at,
    // The order total (after discounts, with shipping and taxes) is authoritative; lines are for products.
    amount: o.total_price,
    currency: o.currency,
    status: shopifyStatus(o),
    lines: o.line_items
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        // Custom items and deleted products have no product id; their title is all there is.
        product_id: nonEmpty(l.sku) ?? (l.product_id != null ? String(l.product_id) : l.title),
        product_name: productNameOf(l.title),
        quantity: String(l.quantity),
        unit_price: l.price,
      })),
  })
  return { customer, order }
}
