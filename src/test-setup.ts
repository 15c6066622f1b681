import { setPasswordCostForTests } from './access/passwords.js'
import { setSeriesBudgetForTests } from './forecasts/pareto-nbd.js'

// Vitest runs this before every test file (setupFiles). Users and logins are set up by the hundred, and a
// password hash at the product's cost is about 36 ms of CPU: the tests hash at a sixteenth of it, except those
// that time a login. Server processes the tests start hash at the full cost.

/** The scrypt N of the tests' password hashes. */
export const testPasswordN = 1024

setPasswordCostForTests(testPasswordN)

// A tenth of the Pareto/NBD series budget: still six times what the largest fit that converges sums (CDNOW,
// 300,000 simulated customers), so every test fit that converges still does, and the shops where nobody stops
// buying spend it in a tenth of the time. Server processes the tests start keep the full budget.
setSeriesBudgetForTests(3e7)
