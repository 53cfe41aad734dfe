import { t } from '../../lib/i18n/index.js'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import type { AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { CatalogServiceApi, CatalogService } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { UserRow } from '../identity/table.js'
import type { CalendarService } from '../calendar/service.js'
import type { BankAccountService } from '../identity/bank.js'
import * as repo from './repository.js'
import { sniffMime, safeFilename, MAX_FILE_BYTES, type FileStore } from './storage.js'
import type { ApplicationRow } from './table.js'

export interface Upload {
  key: string
  filename: string
  bytes: Uint8Array
}
export interface Actor {
  type: 'citizen' | 'staff' | 'system'
  id: number | null
}

/** What the applications service is made of (src/services.ts passes it). */
export interface ApplicationDeps {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  catalog: CatalogServiceApi
  identity: IdentityService
  files: FileStore
  calendar: CalendarService
  /** The payee account confirmed at submission (issue 16 item 4). */
  bank: BankAccountService
  /** Encrypts the payee of an enterprise subsidy (its corporate account from the form). */
  encrypt: (plain: string) => string
  /**
   * For scores 1–2 the cases module opens a rectification item. Two phases: the first runs before the
   * transaction (reads on `db` inside a SQLite transaction would wait for it forever), the writer it
   * returns runs inside the rating's transaction.
   */
  onLowRating?: (rating: { ref: string; score: number; comment: string | null }) => Promise<(trx: Transaction<Database>) => Promise<void>>
}

/**
 * What the parts of the service (drafts, submit, follow-up, reads, transitions) share: the clock as a
 * timestamp, who may apply and see a case, and the checks and storing of uploaded materials.
 */
export function createApplicationContext(deps: ApplicationDeps) {
  const { identity, files } = deps
  const now = () => toTimestamp(deps.clock.now())

  /** Who may apply: verified citizens; enterprise services need the session acting for an enterprise. */
  async function eligibility(
    user: UserRow,
    service: CatalogService,
    actingEnterpriseId: number | null,
  ): Promise<{ ok: true } | { ok: false; reason: string; link: string; linkLabel: string }> {
    if (!user.verifiedAt)
      return {
        ok: false,
        reason: t('办理该业务需要先完成实名认证。实名认证只需一次，约2分钟。'),
        link: '/me/identity?reason=apply',
        linkLabel: t('去实名认证'),
      }
    if (service.applicantKind === 'enterprise') {
      if (!actingEnterpriseId || !(await identity.isOperator(actingEnterpriseId, user.id))) {
        return {
          ok: false,
          reason: t('该业务由企业办理：请先完成企业认证，或在“企业认证”页面切换为以企业身份办理。'),
          link: '/me/enterprise',
          linkLabel: t('企业认证 / 切换身份'),
        }
      }
    }
    return { ok: true }
  }

  async function canSee(app: ApplicationRow, userId: number): Promise<boolean> {
    if (app.applicantUserId === userId) return true
    return !!app.enterpriseId && (await identity.isOperator(app.enterpriseId, userId))
  }

  function checkUploads(
    form: CatalogService['form'],
    uploads: Upload[],
    existing: { itemKey: string }[],
    requireAll: boolean,
  ): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const u of uploads) {
      const m = form.materials.find((x) => x.key === u.key)
      if (!m) continue
      if (u.bytes.length > MAX_FILE_BYTES) errors[`file_${u.key}`] = t('{label}超过10MB上限，请压缩后重新上传', { label: m.label })
      else if (u.bytes.length === 0) errors[`file_${u.key}`] = t('{label}是空文件', { label: m.label })
      else if (!sniffMime(u.bytes)) errors[`file_${u.key}`] = t('{label}只能是PDF、JPG或PNG文件（按文件内容识别）', { label: m.label })
    }
    if (requireAll) {
      for (const m of form.materials) {
        if (m.required && !uploads.some((u) => u.key === m.key) && !existing.some((e) => e.itemKey === m.key))
          errors[`file_${m.key}`] = t('请上传{label}', { label: m.label })
      }
    }
    return errors
  }

  /** Only files posted for one of these materials count; anything else in the body is ignored, never stored. */
  const forMaterials = (uploads: Upload[], keys: string[]) => uploads.filter((u) => keys.includes(u.key))

  async function storeUploads(
    trx: Transaction<Database>,
    uploads: Upload[],
    owner: { userId: number | null; applicationId: number | null; draftId: number | null; staffId?: number | null },
  ) {
    for (const u of uploads) {
      const mime = sniffMime(u.bytes)!
      const { storageKey, sha256 } = await files.save(trx, u.bytes)
      const safeName = safeFilename(u.filename, mime, u.key)
      await repo.insertAttachment(trx, {
        ownerUserId: owner.userId,
        applicationId: owner.applicationId,
        draftId: owner.draftId,
        itemKey: u.key,
        filename: safeName,
        mime,
        size: u.bytes.length,
        sha256,
        storageKey,
        uploadedByStaffId: owner.staffId ?? null,
        createdAt: now(),
      })
    }
  }

  return { now, eligibility, canSee, checkUploads, forMaterials, storeUploads }
}
export type ApplicationContext = ReturnType<typeof createApplicationContext>
