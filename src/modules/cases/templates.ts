import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import * as repo from './repository.js'

/** A supplement-reason template as the views see it. */
export interface SupplementTemplate {
  id: number
  serviceCode: string
  title: string
  text: string
  items: string[]
}

/** Demo templates for the demo services (issue 18): what clerks ask for most often. */
const DEMO: { serviceCode: string; title: string; text: string; items: string[] }[] = [
  {
    serviceCode: 'talent-registration',
    title: '劳动合同缺签字页',
    text: '请上传与现单位签订的劳动合同首页及双方签字（盖章）页，须清晰完整。',
    items: ['labour_contract'],
  },
  {
    serviceCode: 'talent-registration',
    title: '学位证书不清晰',
    text: '学位证书扫描件不清晰或不完整，请重新上传原件彩色扫描件，并核对毕业院校和专业信息。',
    items: ['degree_certificate', 'school', 'major'],
  },
  {
    serviceCode: 'housing-subsidy',
    title: '租赁合同缺租期页',
    text: '请上传含出租人、租赁期限和月租金的租赁合同页面，并核对填写的租赁地址。',
    items: ['rental_contract', 'rental_address'],
  },
  {
    serviceCode: 'enterprise-talent-subsidy',
    title: '社保缴费证明缺失',
    text: '合并PDF中缺少所列人员的社保缴费证明，请补充后重新上传。',
    items: ['contracts'],
  },
]

const parse = (r: { id: number; serviceCode: string; title: string; text: string; items: string }): SupplementTemplate => ({
  ...r,
  items: (() => {
    try {
      const v: unknown = JSON.parse(r.items)
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
    } catch {
      return []
    }
  })(),
})

/** Reusable 一次性告知 texts per service: supervisors manage them, clerks pick one in the form. */
export function createTemplateService(deps: { db: Kysely<Database>; clock: Clock; audit: AuditService; catalog: CatalogServiceApi }) {
  const { db, clock, audit, catalog } = deps
  return {
    async list(serviceCode: string | null = null): Promise<SupplementTemplate[]> {
      return (await repo.templatesFor(db, serviceCode)).map(parse)
    },

    async add(ctx: AuditContext, staffId: number, input: { serviceCode: string; title: string; text: string; items: string[] }) {
      const errors: Record<string, string> = {}
      const service = input.serviceCode ? await catalog.get(input.serviceCode) : null
      if (!service) errors.service = t('请选择事项')
      const title = input.title.trim()
      const text = input.text.trim()
      if (!title) errors.title = t('请填写模板名称')
      else if (title.length > 60) errors.title = t('模板名称最多60字')
      if (text.length < 4) errors.text = t('请填写告知内容（至少4个字）')
      else if (text.length > 1000) errors.text = t('告知内容最多1000字')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const known = new Set([...service!.form.fields.map((f) => f.name), ...service!.form.materials.map((m) => m.key)])
      await repo.insertTemplate(db, {
        serviceCode: service!.code,
        title,
        text,
        items: JSON.stringify(input.items.filter((k) => known.has(k))),
        createdBy: staffId,
        createdAt: toTimestamp(clock.now()),
      })
      await audit.record(null, ctx, { action: 'case.template_added', subjectType: 'system', subjectId: service!.code })
    },

    async remove(ctx: AuditContext, id: number) {
      const row = await repo.templateById(db, id)
      if (!row) throw new AppError('not_found', t('未找到该模板'))
      await repo.deleteTemplate(db, id)
      await audit.record(null, ctx, { action: 'case.template_removed', subjectType: 'system', subjectId: row.serviceCode })
    },

    /** Demo data: the demo services' common requests, for each service that has none yet. */
    async seedDemo() {
      const at = toTimestamp(clock.now())
      const have = new Set((await repo.templatesFor(db, null)).map((r) => r.serviceCode))
      for (const d of DEMO)
        if (!have.has(d.serviceCode) && (await catalog.get(d.serviceCode)))
          await repo.insertTemplate(db, { ...d, items: JSON.stringify(d.items), createdBy: null, createdAt: at })
    },
  }
}
export type TemplateService = ReturnType<typeof createTemplateService>
