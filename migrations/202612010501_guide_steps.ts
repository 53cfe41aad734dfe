import type { Kysely } from 'kysely'

/**
 * The demo services' guides listed steps the portal does not take (公示, certificates, quarterly payment):
 * they now list what the lifecycle really does (docs/decisions/0172-case-page-progress.md). Only a guide that
 * still has the old default steps is changed; the texts are frozen here.
 */
const ACCEPT = '受理（提交后1个工作日内；材料不全的，一次性告知需补正的全部内容，补正齐全即受理）'
const STEPS: Record<string, { old: string[]; now: string[] }> = {
  'talent-registration': {
    old: ['在线申请', '窗口受理（1个工作日）', '审核', '公示5个工作日', '发放认定证书'],
    now: ['在线申请', ACCEPT, '审核决定（受理次日起10个工作日内，结果以站内信和短信告知）'],
  },
  'housing-subsidy': {
    old: ['在线申请', '受理', '审核（含住房核查）', '公示', '按季度发放'],
    now: ['在线申请', ACCEPT, '审核决定（受理次日起15个工作日内，含住房核查）', '补贴发放至本人实名认证的银行账户'],
  },
  'enterprise-talent-subsidy': {
    old: ['经办人在线申请', '受理', '审核（社保比对）', '公示', '拨付至企业账户'],
    now: ['经办人在线申请', ACCEPT, '审核决定（受理次日起20个工作日内，含社保比对）', '补贴拨付'],
  },
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [code, steps] of Object.entries(STEPS)) {
    const row = await db.selectFrom('services').select(['guide']).where('code', '=', code).executeTakeFirst()
    if (!row) continue
    const guide = JSON.parse(row.guide as string) as { processSteps?: string[] }
    if (JSON.stringify(guide.processSteps) !== JSON.stringify(steps.old)) continue
    await db
      .updateTable('services')
      .set({ guide: JSON.stringify({ ...guide, processSteps: steps.now }) })
      .where('code', '=', code)
      .execute()
  }
}

export async function down(): Promise<void> {}
