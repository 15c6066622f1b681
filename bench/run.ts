import { benchDemo } from './demo.js'
import { benchDiagnosis } from './diagnosis.js'
import { benchDurability, durabilityDriver } from './durability.js'
import { benchForecast } from './forecast.js'
import { benchImport } from './import.js'
import { benchInsights } from './insights.js'
import { benchJourneys } from './journeys.js'
import { benchLoyalty } from './loyalty.js'
import { benchResponses } from './responses.js'
import { benchSegments } from './segments.js'
import { benchThemes } from './themes.js'

const suites: Record<string, (args: string[]) => Promise<void>> = {
  import: (args) => benchImport(Number(args[0] ?? 1_000_000)),
  segments: (args) =>
    benchSegments(
      Number(args[0] ?? 10_000_000),
      Number(args[1] ?? 2_000_000),
      Number(args[2] ?? args[0] ?? 10_000_000),
    ),
  forecast: (args) => benchForecast(Number(args[0] ?? 1_000_000)),
  loyalty: (args) => benchLoyalty(Number(args[0] ?? 100_000), Number(args[1] ?? 32)),
  insights: (args) => benchInsights(Number(args[0] ?? 5_000_000), Number(args[1] ?? 1_000_000)),
  demo: (args) => benchDemo(Number(args[0] ?? 3)),
  diagnosis: (args) => benchDiagnosis(Number(args[0] ?? 1_000_000)),
  themes: (args) => benchThemes(Number(args[0] ?? 1_000_000), args[1] === 'one' ? 'one' : 'workers'),
  journeys: (args) => benchJourneys(Number(args[0] ?? 1_000_000)),
  responses: (args) => benchResponses(Number(args[0] ?? 15), Number(args[1] ?? 32)),
  durability: (args) =>
    benchDurability(
      Number(args[0] ?? 20_000),
      Number(args[1] ?? 20_000),
      Number(args[2] ?? 5),
      durabilityDriver(args[3]),
    ),
}

const [name, ...args] = process.argv.slice(2)
const suite = name ? suites[name] : undefined
if (!suite) {
  console.error(`usage: npm run bench -- <suite> [args]\nsuites: ${Object.keys(suites).join(', ')}`)
  process.exit(2)
}
await suite(args)
