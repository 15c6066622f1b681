import { analyzeOrdersFile } from './src/segments/analyze-file.ts'
const cols = { customer_id: 'CustomerID', order_id: 'InvoiceNo', ordered_at: 'InvoiceDate', quantity: 'Quantity', unit_price: 'UnitPrice', product_id: 'StockCode' }
for (let i = 0; i < 2; i++) {
const t = performance.now()
const a = await analyzeOrdersFile('/work/shared/datasets/online-retail/online_retail.csv.gz', { columns: cols })
console.log(performance.now() - t, a.asOf, a.report, a.timings, a.rows.slice(0, 2))
}
