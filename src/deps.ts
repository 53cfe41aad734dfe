import type { Db, Dialect } from './db/connect.js'
import type { Clock } from './lib/clock.js'
import type { FieldCrypto } from './lib/crypto.js'
import type { Logger } from './lib/logger.js'
import type { Config } from './config.js'
import type { Mailer, SmsGateway } from './modules/notifications/transports.js'

/** Everything from outside the code: built by server.ts / cli.ts, or by tests with fakes. */
export interface Deps {
  db: Db
  dialect: Dialect
  clock: Clock
  crypto: FieldCrypto
  mailer: Mailer
  sms: SmsGateway
  config: Config
  logger: Logger
}
