import { setPasswordCostForTests } from './access/passwords.js'

// Vitest runs this before every test file (setupFiles). Users and logins are set up by the hundred, and a
// password hash at the product's cost is about 36 ms of CPU: the tests hash at a sixteenth of it, except those
// that time a login. Server processes the tests start hash at the full cost.

/** The scrypt N of the tests' password hashes. */
export const testPasswordN = 1024

setPasswordCostForTests(testPasswordN)
