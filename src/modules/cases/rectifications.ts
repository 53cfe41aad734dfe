import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { today } from '../../lib/time.js'
import type { CalendarService } from '../calendar/service.js'
import * as repo from './repository.js'

/**
 * Opening a rectification after a low rating (due in 15 working days). Built before the application
 * service, which calls it from inside the rating's transaction; the case service handles the rest.
 */
export function createRectificationOpener(deps: { db: Kysely<Database>; clock: Clock; calendar: CalendarService }) {
  const { clock, calendar } = deps
  return {
    /** Works out the due date first, then returns the insert to run in the caller's transaction. */
    async forLowRating(r: { ref: string; score: number; comment: string | null }) {
      const dueDate = await calendar.addWorkingDays(today(clock), 15)
      return (trx: Transaction<Database>) =>
        repo
          .insertRectification(trx, {
            applicationRef: r.ref,
            score: r.score,
            comment: r.comment,
            dueDate,
            status: 'open',
            callbackAt: null,
            callbackBy: null,
            callbackResult: null,
            note: null,
            createdAt: toTimestamp(clock.now()),
            closedAt: null,
          })
          .then(() => undefined)
    },
  }
}
