import type { Services } from '../../src/services.js'
import { toTimestamp } from '../../src/db/time.js'

/** The closure job on `count` accounts (requested a day ago, due now): seconds taken and accounts closed. */
export async function closureBench(services: Services, count: number, t: string) {
  const { db, crypto } = services.deps
  const pastT = toTimestamp(new Date(Date.now() - 86_400_000))
  for (let i = 0; i < count; i += 500) {
    await db.transaction().execute(async (trx) => {
      const n = Math.min(500, count - i)
      await trx
        .insertInto('users')
        .values(
          Array.from({ length: n }, (_, k) => ({
            phone: `17${String(i + k).padStart(9, '0')}`,
            passwordHash: null,
            status: 'closing' as const,
            failedLogins: 0,
            lockedUntil: null,
            email: null,
            emailVerifiedAt: null,
            realName: '待注销',
            idNumberEnc: crypto.encrypt('x'),
            idNumberBidx: `b${i + k}`,
            idNumberMasked: null,
            birthDate: null,
            sex: null,
            bankName: null,
            bankAccountEnc: null,
            bankAccountMasked: null,
            verifiedAt: null,
            verificationMethod: null,
            createdAt: t,
            updatedAt: t,
            closedAt: null,
          })),
        )
        .execute()
      const ids = await trx
        .selectFrom('users')
        .select(['id', 'phone'])
        .where('phone', '>=', `17${String(i).padStart(9, '0')}`)
        .where('phone', '<', `17${String(i + n).padStart(9, '0')}`)
        .execute()
      await trx
        .insertInto('closureRequests')
        .values(
          ids.map((u) => ({
            ref: `ZXB${u.id}`,
            userId: u.id,
            status: 'requested' as const,
            channel: 'online' as const,
            reason: null,
            staffId: null,
            verificationMethod: null,
            note: null,
            contactEnc: null,
            requestedAt: pastT,
            executeAfter: pastT,
            dueDate: '2099-01-01',
            completedAt: null,
            cancelledAt: null,
          })),
        )
        .execute()
      await trx
        .insertInto('jobs')
        .values(
          ids.map((u) => ({
            kind: 'account-closure',
            payload: JSON.stringify({ ref: `ZXB${u.id}` }),
            uniqueKey: `closure:ZXB${u.id}`,
            status: 'queued' as const,
            runAt: pastT,
            attempts: 0,
            maxAttempts: 10,
            lockedBy: null,
            lockedUntil: null,
            progress: null,
            lastError: null,
            createdAt: pastT,
            finishedAt: null,
          })),
        )
        .execute()
    })
  }
  const c0 = Date.now()
  await services.jobs.runDue()
  const closed = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'closed')
    .executeTakeFirst()
  return { seconds: (Date.now() - c0) / 1000, closed: Number(closed?.n) }
}
