import type { Config } from '../config.js'
import type { Db } from '../db/db.js'

/** What every request handler can read from the context. */
export interface AppEnv {
  Variables: {
    db: Db
    config: Config
    /** The current time; tests give the app a clock they can move. */
    now: () => Date
  }
}
