import { currentLocale, t } from '../../lib/i18n/index.js'
import { AUDIT_ACTIONS_EN } from '../../lib/i18n/en/audit-actions.js'
/**
 * The one list of audit actions. Add new actions here (grouped by module) — the viewer
 * shows the Chinese label.
 */
export const AUDIT_ACTIONS = {
  // platform
  'system.migrate': '数据库迁移',
  'system.keys_rotated': '密钥轮换',
  // identity
  'user.register': '注册账号',
  'user.login': '登录成功',
  'user.login_failed': '登录失败',
  'user.locked': '账号锁定',
  'user.logout': '退出登录',
  'user.session_revoked': '注销登录设备',
  'user.password_changed': '修改密码',
  'user.password_reset': '短信重置密码',
  'user.password_reset_failed': '重置密码失败',
  'user.phone_changed': '更换手机号',
  'user.email_changed': '更换邮箱',
  'user.step_up': '二次验证',
  'identity.verify_submitted': '提交实名认证',
  'identity.verified': '实名认证通过',
  'identity.verify_failed': '实名认证未通过',
  'identity.bank_changed': '变更银行账户',
  'identity.unmasked_view': '查看完整证件/账号',
  'enterprise.registered': '企业认证',
  'enterprise.operator_invited': '邀请企业经办人',
  'enterprise.invitation_declined': '拒绝经办人邀请',
  'enterprise.operator_added': '添加企业经办人',
  'enterprise.operator_removed': '移除企业经办人',
  'staff.login': '工作人员登录',
  'staff.login_failed': '工作人员登录失败',
  'staff.logout': '工作人员退出',
  'staff.created': '创建工作人员',
  'staff.activated': '工作人员本人激活账号',
  // applications and cases
  'application.submitted': '提交申请',
  'application.withdrawn': '撤回申请',
  'application.resubmitted': '补正后重新提交',
  'application.rated': '评价办件',
  'case.viewed': '查看办件',
  'case.claimed': '认领办件',
  'case.assigned': '分派办件',
  'case.decision': '办件决定',
  'case.payment_recorded': '登记补贴发放',
  'case.personal_data_viewed': '查看申请人完整信息',
  'case.template_added': '新增补正告知模板',
  'case.template_removed': '删除补正告知模板',
  'case.searched': '按身份证号或姓名检索办件',
  'counter.lookup': '窗口按身份证查询',
  'counter.closure': '窗口受理注销',
  // privacy
  'privacy.export': '导出个人数据',
  'privacy.consent_changed': '变更授权同意',
  'privacy.correction_requested': '提交更正申请',
  'privacy.correction_decided': '处理更正申请',
  'privacy.disclosure_recorded': '登记对外提供',
  'privacy.closure_requested': '申请注销账号',
  'privacy.closure_completed': '注销完成',
  'privacy.retention_purge': '按保存期限清理',
  // registries (data travels)
  'registry.authorised': '授权查询政务数据',
  'registry.authorisation_withdrawn': '撤回政务数据查询授权',
  'registry.lookup': '查询政务数据（数据共享）',
  'registry.disputed': '反馈政务数据有误',
  'application.material_reused': '复用已核验材料',
  // rules (秒批) and the human sample
  'rules.evaluated': '规则预审（转人工）',
  'rules.instant_approval': '秒批通过',
  'rules.sample_confirmed': '抽查确认',
  // certificates
  'certificate.issued': '发放电子证照',
  'certificate.revoked': '撤销电子证照',
  'certificate.shared': '分享电子证照',
  // admin
  'complaint.created': '登记来电',
  'complaint.identity_check': '来电身份核验',
  'complaint.updated': '更新工单',
  'admin.role_granted': '授予角色',
  'admin.role_revoked': '撤销角色',
  'admin.staff_disabled': '停用工作人员',
  'admin.staff_enabled': '启用工作人员',
  'admin.password_reset': '重置密码',
  'admin.settings_changed': '修改安全策略',
  'policy.published': '发布隐私政策版本',
  'policy.accepted': '同意隐私政策',
  'incident.recorded': '登记安全事件',
  'incident.notified': '发送安全事件告知',
  'audit.viewed': '查阅审计日志',
  'audit.exported': '导出审计日志',
  'audit.verified': '校验审计链',
} as const

export type AuditAction = keyof typeof AUDIT_ACTIONS

/** An audit action as the reader says it; an unknown key shows as stored. */
export function auditActionLabel(action: string): string {
  const zh = (AUDIT_ACTIONS as Record<string, string>)[action] as string | undefined
  if (!zh) return action
  // by key in English: an event ("Password changed") is not the button of the same Chinese ("Change password")
  if (currentLocale() === 'en' && AUDIT_ACTIONS_EN[action]) return AUDIT_ACTIONS_EN[action]
  return t(zh)
}
