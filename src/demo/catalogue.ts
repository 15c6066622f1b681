export interface Product {
  product_id: string
  name: string
  category: string
  /** Fixed unit price in euro cents: money stays in integers until formatted. */
  priceCents: number
}

const rows: [string, string, number][] = [
  ['coffee', 'Espresso beans 250 g', 890],
  ['coffee', 'Espresso beans 1 kg', 2990],
  ['coffee', 'Filter roast Ethiopia 250 g', 1150],
  ['coffee', 'Filter roast Colombia 250 g', 1090],
  ['coffee', 'Decaf Brazil 250 g', 990],
  ['coffee', 'Cold brew concentrate 1 l', 1490],
  ['coffee', 'Drip bags, box of 10', 790],
  ['coffee', 'Single-origin sampler', 3450],
  ['tea', 'Green sencha 100 g', 850],
  ['tea', 'Earl Grey 100 g', 690],
  ['tea', 'Herbal linden blend 80 g', 590],
  ['tea', 'Matcha ceremonial 30 g', 2490],
  ['tea', 'Chai spice mix 150 g', 790],
  ['tea', 'Rooibos vanilla 100 g', 650],
  ['tea', 'Tea advent calendar', 3990],
  ['tea', 'Oolong Tie Guan Yin 50 g', 1290],
  ['brewing', 'Pour-over dripper', 2200],
  ['brewing', 'Paper filters, 100 pcs', 490],
  ['brewing', 'French press 1 l', 3490],
  ['brewing', 'Moka pot 6 cups', 3990],
  ['brewing', 'Hand grinder', 6900],
  ['brewing', 'Electric burr grinder', 14900],
  ['brewing', 'Gooseneck kettle', 5900],
  ['brewing', 'Digital scale with timer', 2990],
  ['brewing', 'Espresso machine home', 44900],
  ['brewing', 'Milk frother', 3490],
  ['brewing', 'Cold brew bottle', 2490],
  ['brewing', 'AeroPress', 3990],
  ['tableware', 'Ceramic mug 350 ml', 1290],
  ['tableware', 'Espresso cups, set of 2', 1690],
  ['tableware', 'Double-wall glass 250 ml', 1490],
  ['tableware', 'Travel tumbler 400 ml', 2490],
  ['tableware', 'Teapot 800 ml', 3290],
  ['tableware', 'Milk jug 350 ml', 1590],
  ['tableware', 'Serving tray oak', 2790],
  ['tableware', 'Latte glass, set of 4', 1990],
  ['snacks', 'Almond biscotti 200 g', 490],
  ['snacks', 'Dark chocolate 70 % 100 g', 390],
  ['snacks', 'Honey cake slice', 450],
  ['snacks', 'Croissant', 250],
  ['snacks', 'Cinnamon roll', 320],
  ['snacks', 'Granola 400 g', 690],
  ['snacks', 'Oat milk 1 l', 290],
  ['snacks', 'Caramel syrup 250 ml', 790],
  ['snacks', 'Gift box of sweets', 1990],
  ['gifts', 'Gift card 25 €', 2500],
  ['gifts', 'Gift card 50 €', 5000],
  ['gifts', 'Gift card 100 €', 10000],
  ['gifts', 'Coffee lover gift set', 4990],
  ['gifts', 'Tea ceremony gift set', 5490],
  ['gifts', 'Barista workshop ticket', 3900],
  ['gifts', 'Canvas tote bag', 1290],
  ['care', 'Descaler 500 ml', 990],
  ['care', 'Cleaning tablets, 20 pcs', 890],
  ['care', 'Grinder brush', 590],
  ['care', 'Water filter cartridge', 1290],
  ['subscription', 'Coffee subscription, 1 month', 1990],
  ['subscription', 'Coffee subscription, 3 months', 5490],
  ['subscription', 'Tea subscription, 1 month', 1690],
  ['subscription', 'Tea subscription, 3 months', 4590],
]

/** The demo shop's catalogue: 60 products with fixed prices. */
export const catalogue: readonly Product[] = rows.map(([category, name, priceCents], i) => ({
  product_id: `SKU-${String(i + 1).padStart(3, '0')}`,
  name,
  category,
  priceCents,
}))

/** Products under 30 EUR, and the rest: bigger baskets draw more often from the premium ones. */
export const everyday = catalogue.filter((p) => p.priceCents < 3000)
export const premium = catalogue.filter((p) => p.priceCents >= 3000)

/** Formats integer cents as an exact decimal string with two places, e.g. -1250 → '-12.50'. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
