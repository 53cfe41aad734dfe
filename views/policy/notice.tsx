import type { PolicyNoticeData } from '../../src/middleware/env.js'
import { formatCst } from '../../src/lib/time.js'

/** Site-wide notice while a material privacy-policy change is published but not yet in force. */
export function PolicyNotice({ notice: u }: { notice: PolicyNoticeData | null }) {
  if (!u) return null
  return (
    <div class="notice policy-notice" role="status" data-qa="policy-notice">
      <div class="wrap">
        隐私政策 {u.version} 已于 {formatCst(u.publishedAt)} 发布，将于 {formatCst(u.effectiveAt)} 生效，涉及重大变更。
        <a href="/privacy-policy">查看变更内容</a>
      </div>
    </div>
  )
}
