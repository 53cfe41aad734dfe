import { MysqlAdapter, MysqlDialect, type DialectAdapter, type Kysely, type MigrationLockOptions } from 'kysely'
import { retryConflicts } from './transaction.js'

/** A lock older than this is taken to be left by a node that died while migrating. */
const STALE_MINUTES = 30
const WAIT_MS = 15 * 60_000

/**
 * Kysely's MySQL adapter serialises migrations with GET_LOCK, which Galera does not replicate: two
 * portal nodes on two database nodes would both "hold" it and migrate at once. This adapter leases
 * the row of kysely_migration_lock instead (an ordinary replicated UPDATE): `is_locked` holds the
 * minute the lease was taken, 0 when free. A node that dies mid-migration leaves a lease that the
 * next node takes over after STALE_MINUTES. Decision 0132.
 */
class ReplicatedLockMysqlAdapter extends MysqlAdapter {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the adapter's own signature
  override async acquireMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    const giveUp = Date.now() + WAIT_MS
    for (;;) {
      const minute = Math.floor(Date.now() / 60_000)
      const r = await retryConflicts(db, () =>
        db
          .updateTable(opt.lockTable)
          .set({ is_locked: minute })
          .where('id', '=', opt.lockRowId)
          .where((eb) => eb.or([eb('is_locked', '=', 0), eb('is_locked', '<', minute - STALE_MINUTES)]))
          .executeTakeFirst(),
      )
      if (Number(r.numUpdatedRows) === 1) return
      if (Date.now() > giveUp) throw new Error('another node has been migrating for 15 minutes; check kysely_migration_lock')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the adapter's own signature
  override async releaseMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    await retryConflicts(db, () => db.updateTable(opt.lockTable).set({ is_locked: 0 }).where('id', '=', opt.lockRowId).execute())
  }
}

export class GaleraSafeMysqlDialect extends MysqlDialect {
  override createAdapter(): DialectAdapter {
    return new ReplicatedLockMysqlAdapter()
  }
}
