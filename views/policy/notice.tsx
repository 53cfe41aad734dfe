import { t } from '../../src/lib/i18n/index.js'
import { useRequestContext } from 'hono/jsx-renderer'
import type { AppEnv } from '../../src/middleware/env.js'
import { formatCst } from '../../src/lib/time.js'

/** Site-wide notice while a material privacy-policy change is published but not yet in force. */
export async function PolicyNotice() {
  const c = useRequestContext<AppEnv>()
  const u = await c.get('services').policy.upcomingNotice()
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
