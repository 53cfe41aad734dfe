import type { PolicyNoticeData } from '../../src/middleware/env.js'
import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'

/** Site-wide notice while a material privacy-policy change is published but not yet in force. */
export function PolicyNotice({ notice: u }: { notice: PolicyNoticeData | null }) {
  if (!u) return null
  return (
    <div class="notice policy-notice" role="status" data-qa="policy-notice">
      <div class="wrap">
        {t('隐私政策 {version} 已于 {publishedAt} 发布，将于 {effectiveAt} 生效，涉及重大变更。', {
          version: u.version,
          publishedAt: formatCst(u.publishedAt),
          effectiveAt: formatCst(u.effectiveAt),
        })}
        <a href="/privacy-policy">{t('查看变更内容')}</a>
      </div>
    </div>
  )
}
