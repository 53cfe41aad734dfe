import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import { toTimestamp } from '../../db/time.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { FileStore } from './storage.js'
import * as repo from './repository.js'

/** A material staff verified in an earlier case, offered instead of a new upload (trust level B). */
export interface ReuseOffer {
  key: string
  filename: string
  fromRef: string
  verifiedAt: string
}

/** Where a reused material came from, for the staff case page: "reused from case …, verified by … on …". */
export interface ReuseProvenance {
  attachmentId: number
  fromRef: string
  verifiedAt: string
  verifiedBy: { name: string; staffNo: string } | null
}

interface Deps {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  catalog: CatalogServiceApi
  files: FileStore
  /** Staff by id (identity), to name who verified a material. */
  staffById: (id: number) => Promise<{ name: string; staffNo: string } | undefined>
}

/**
 * "Tell us once" (decision 0210): a material counts as verified by staff when it belonged to an earlier case of
 * the same applicant that a reviewer approved (an approval event by staff, not the rules' 秒批) and that still
 * stands (approved or paid, not revoked). On a new application such a material is offered for reuse; reusing it
 * copies the file into the draft and records where it came from, so the clerk sees who verified it and when.
 */
export function createMaterialReuse({ db, clock, audit, catalog, files, staffById }: Deps) {
  const now = () => toTimestamp(clock.now())

  async function verified(userId: number, enterpriseId: number | null, keys: string[]) {
    const byKey = new Map<string, Awaited<ReturnType<typeof repo.staffVerifiedAttachments>>[number]>()
    for (const r of await repo.staffVerifiedAttachments(db, userId, enterpriseId, keys)) if (!byKey.has(r.itemKey)) byKey.set(r.itemKey, r)
    return byKey
  }

  async function draftOf(userId: number, formToken: string) {
    const d = await repo.draftByToken(db, formToken)
    if (!d || d.userId !== userId || d.staffId !== null) throw new AppError('not_found', t('草稿不存在或已提交'))
    return d
  }

  return {
    /** For the draft's form: each material not yet uploaded for which an earlier, staff-verified one exists. */
    async offers(userId: number, formToken: string): Promise<ReuseOffer[]> {
      const d = await draftOf(userId, formToken)
      const service = await catalog.get(d.serviceCode)
      if (!service) return []
      const have = new Set((await repo.draftAttachments(db, d.id)).map((a) => a.itemKey))
      const keys = service.form.materials.map((m) => m.key).filter((k) => !have.has(k))
      return [...(await verified(userId, d.enterpriseId, keys)).values()].map((r) => ({
        key: r.itemKey,
        filename: r.filename,
        fromRef: r.ref,
        verifiedAt: r.createdAt,
      }))
    },

    /** Copies the verified material of `key` into the draft (replacing an upload of the same material). */
    async reuse(ctx: AuditContext, userId: number, formToken: string, key: string) {
      const d = await draftOf(userId, formToken)
      const r = (await verified(userId, d.enterpriseId, [key])).get(key)
      if (!r || r.actorId === null) throw new AppError('invalid', t('没有可复用的已核验材料'), { [`file_${key}`]: t('请上传该材料') })
      const bytes = await files.read(db, r.storageKey)
      await db.transaction().execute(async (trx) => {
        await files.remove(trx, await repo.replaceDraftItems(trx, d.id, [key]))
        const { storageKey } = await files.save(trx, bytes)
        const at = now()
        const attachmentId = await repo.insertAttachment(trx, {
          ownerUserId: userId,
          applicationId: null,
          draftId: d.id,
          itemKey: key,
          filename: r.filename,
          mime: r.mime,
          size: r.size,
          sha256: r.sha256,
          storageKey,
          uploadedByStaffId: null,
          createdAt: at,
        })
        await repo.insertMaterialReuse(trx, {
          attachmentId,
          fromAttachmentId: r.id,
          fromApplicationRef: r.ref,
          verifiedByStaffId: r.actorId!,
          verifiedAt: r.createdAt,
          createdAt: at,
        })
        await audit.record(trx, ctx, {
          action: 'application.material_reused',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { service: d.serviceCode, material: key, from: r.ref },
        })
      })
    },

    /** Provenance of the reused materials among these attachments (staff case page). */
    async provenanceOf(attachmentIds: number[]): Promise<ReuseProvenance[]> {
      const out: ReuseProvenance[] = []
      for (const r of await repo.reusesOf(db, attachmentIds)) {
        const s = await staffById(r.verifiedByStaffId)
        out.push({
          attachmentId: r.attachmentId,
          fromRef: r.fromApplicationRef,
          verifiedAt: r.verifiedAt,
          verifiedBy: s ? { name: s.name, staffNo: s.staffNo } : null,
        })
      }
      return out
    },
  }
}

export type MaterialReuse = ReturnType<typeof createMaterialReuse>
