import { Decimal } from 'decimal.js'
import { z } from 'zod'
import {
  type CustomerRecord,
  customerRecordSchema,
  languageCode,
  type OrderRecord,
  orderRecordSchema,
  productNameOf,
} from '../records.js'

const wooLineItemSchema = z.looseObject({
  product_id: z.number().int().nonnegative(),
  variation_id: z.number().int().nonnegative().nullish(),
  sku: z.string().nullish(),
  name: z.string(),
  quantity: z.number().int().nonnegative(),
  subtotal: z.string(),
  total: z.string(),
  price: z.union([z.number(), z.string()]).nullish(),
})

/** The parts of a WooCommerce REST v3 order (webhook order.created / order.updated) that Rapport uses. */
export const wooOrderSchema = z
  .looseObject({
    id: z.number().int().positive(),
    status: z.string(),
    currency: z.string(),
    date_created_gmt: z.string(),
    total: z.string(),
    customer_id: z.number().int().nonnegative(),
    billing: z.looseObject({
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      email: z.string().nullish(),
      phone: z.string().nullish(),
    }),
    line_items: z.array(wooLineItemSchema),
    meta_data: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).nullish(),
  })
  .refine((o) => o.customer_id > 0 || o.billing.email?.trim(), {
    message: 'a guest order needs a billing e-mail address',
    path: ['billing', 'email'],
  })
export type WooOrder = z.infer<typeof wooOrderSchema>

const statuses: Record<string, OrderRecord['status']> = {
  completed: 'completed',
  processing: 'completed',
  'on-hold': 'pending',
  pending: 'pending',
  failed: 'pending',
  'checkout-draft': 'pending',
  cancelled: 'cancelled',
  refunded: 'returned',
}

const nonEmpty = (s: string | null | undefined) => (s?.trim() ? s.trim() : null)

// WooCommerce has no customer locale; multilingual plugins (WPML, Polylang) store the order's language in meta.
const languageKeys = new Set([
  'wpml_language',
  '_wpml_language',
  'pll_language',
  '_pll_language',
  'trp_language',
])
function wooLanguage(o: WooOrder): string | null {
  const value = o.meta_data?.find((m) => languageKeys.has(m.key))?.value
  return typeof value === 'string' ? (languageCode.safeParse(value).data ?? null) : null
}

// The line's unit price before coupons, as Shopify's line price: subtotal ÷ quantity in exact decimals.
// Woo's own `price` field is a float of the discounted total ÷ quantity and is only a fallback.
function unitPrice(l: z.infer<typeof wooLineItemSchema>): string {
  const d = new Decimal(l.subtotal).div(l.quantity)
  if (d.decimalPlaces() <= 2) return d.toFixed(2)
  if (d.decimalPlaces() <= 4) return d.toFixed()
  return l.price != null ? new Decimal(l.price).toDecimalPlaces(4).toFixed() : d.toDecimalPlaces(4).toFixed()
}

/** Turns a WooCommerce order webhook payload into a canonical customer and order; throws a ZodError if invalid. */
export function wooOrderToRecords(payload: unknown): { customer: CustomerRecord; order: OrderRecord } {
  const o = wooOrderSchema.parse(payload)
  const email = nonEmpty(o.billing.email)
  const customerId = o.customer_id > 0 ? String(o.customer_id) : email!.toLowerCase()
  const name = [nonEmpty(o.billing.first_name), nonEmpty(o.billing.last_name)].filter(Boolean).join(' ')

  const customer = customerRecordSchema.parse({
    customer_id: customerId,
    name: name || null,
    email,
    phone: nonEmpty(o.billing.phone),
    language: wooLanguage(o),
    org_unit: null,
    attributes: { source: 'woocommerce' },
  })
  const order = orderRecordSchema.parse({
    customer_id: customerId,
    order_id: `woo:${o.id}`,
    // date_created_gmt comes without a zone designator; read as local time it would shift by the server's offset.
    ordered_at: /(Z|[+-]\d\d:?\d\d)$/.test(o.date_created_gmt)
      ? o.date_created_gmt
      : `${o.date_created_gmt}Z`,
    amount: o.total,
    currency: o.currency,
    status: statuses[o.status] ?? 'pending',
    lines: o.line_items
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        product_id: nonEmpty(l.sku) ?? (l.product_id > 0 ? String(l.product_id) : l.name),
        product_name: productNameOf(l.name),
        quantity: String(l.quantity),
        unit_price: unitPrice(l),
      })),
  })
  return { customer, order }
}
