import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { addToCounts } from '../../src/modules/applications/repository.js'

// Ten buckets with the same open share as before the lifecycle lost in_review/resubmitted/closed (5 of 10 open).
const STATUSES = ['submitted', 'accepted', 'accepted', 'supplement', 'accepted', 'approved', 'rejected', 'paid', 'approved', 'withdrawn']
const SERVICES = ['talent-registration', 'housing-subsidy', 'enterprise-talent-subsidy']

/**
 * Generates `n` cases with multi-row inserts in transactions (their status counts in the same transaction).
 * The progress bar is drawn only when stderr is a terminal; piped into a log it prints a line per 10%.
 */
export async function seedCases(db: Kysely<Database>, n: number, applicantUserId: number) {
  const batch = 500
  const started = Date.now()
  const tty = process.stderr.isTTY
  let reported = 0
  for (let done = 0; done < n;) {
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < 20 && done < n; k++) {
        const rows = []
        for (let i = 0; i < batch && done < n; i++, done++) {
          const day = new Date(Date.UTC(2026, 0, 1) + (done % 330) * 86_400_000).toISOString()
          rows.push({
            ref: `BN${String(done).padStart(10, '0')}`,
            serviceCode: SERVICES[done % 3],
            applicantUserId: done % 50 === 0 ? applicantUserId : null,
            enterpriseId: null,
            applicantName: '测试',
            status: STATUSES[(done * 7) % 10],
            channel: done % 9 === 0 ? ('counter' as const) : ('online' as const),
            submittedByStaffId: null,
            formToken: null,
            data: '{}',
            assigneeStaffId: done % 4 === 0 ? 1 : null,
            submittedAt: day,
            acceptedAt: null,
            decidedAt: null,
            deadlineDate: day.slice(0, 10),
            pausedAt: null,
            decisionReason: null,
            retainUntil: null,
            createdAt: day,
            updatedAt: day,
          })
        }
        await trx.insertInto('applications').values(rows).execute()
        const deltas: Record<string, number> = {}
        for (const r of rows) deltas[r.status] = (deltas[r.status] ?? 0) + 1
        await addToCounts(trx, deltas)
      }
    })
    const pct = done / n
    const figures = `${done.toLocaleString()}/${n.toLocaleString()} ${((Date.now() - started) / 1000).toFixed(0)}s`
    if (tty) process.stderr.write(`\r  seeding cases [${'#'.repeat(Math.round(pct * 30)).padEnd(30, '.')}] ${figures}`)
    else if (Math.floor(pct * 10) > reported || done === n) {
      reported = Math.floor(pct * 10)
      process.stderr.write(`  seeding cases ${figures}\n`)
    }
  }
  if (tty) process.stderr.write('\n')
}
