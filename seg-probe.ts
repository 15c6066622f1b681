import { readImportFile } from '/work/wt-segments/src/customers/read-import-file.ts'
import { PGlite } from '@electric-sql/pglite'
let t = performance.now()
const pg = await PGlite.create()
console.log('pglite create', performance.now() - t)
t = performance.now()
const blob = await pg.dumpDataDir('none')
console.log('dump', performance.now() - t, blob.size)
await pg.close()
t = performance.now()
const pg2 = await PGlite.create({ loadDataDir: blob })
console.log('pglite load', performance.now() - t)
t = performance.now()
let n = 0, skipped = 0
for await (const row of readImportFile('/work/shared/datasets/online-retail/online_retail.csv.gz', 'orders', { columns: { customer_id: 'CustomerID', order_id: 'InvoiceNo', ordered_at: 'InvoiceDate', quantity: 'Quantity', unit_price: 'UnitPrice', product_id: 'StockCode' } })) {
  if ('error' in row) skipped++; else n++
}
console.log('read', performance.now() - t, n, skipped)
