import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { ROLE_LABELS, type StaffRole } from './roles.js'
import { StaffPasswordPage } from '../../../views/identity/auth.js'
import { StaffHomePage } from '../../../views/identity/staff-home.js'

/** The staff member's own pages: the workbench landing (/staff) and the password change. */
export const staffHomeRoutes = new Hono<AppEnv>()

staffHomeRoutes.get('/password', (c) =>
  c.render(<StaffPasswordPage forced={c.get('staff').mustChangePassword === 1} />, { title: t('修改密码'), area: 'staff' }),
)
staffHomeRoutes.post('/password', (c) =>
  formAction(c, {
    run: (f) =>
      c
        .get('services')
        .identity.changeStaffPassword(
          c.get('audit'),
          c.get('staff').id,
          c.get('principal')!.session.id,
          f.old_password ?? '',
          f.new_password ?? '',
        ),
    done: () => '/staff',
    // passwords are never sent back into the form
    again: ({ errors, message }) =>
      c.render(<StaffPasswordPage forced={c.get('staff').mustChangePassword === 1} errors={errors} message={message} />, {
        title: t('修改密码'),
        area: 'staff',
      }),
  }),
)

staffHomeRoutes.get('/', (c) => {
  const s = c.get('staff')
  const roles = c.get('staffRoles')
  const has = (...r: string[]) => r.some((x) => roles.includes(x))
  const links = [
    ...(has('clerk', 'reviewer', 'supervisor')
      ? [{ href: '/staff/cases', label: t('办件队列'), desc: t('受理、审核、一次性告知、办结') }]
      : []),
    ...(has('clerk', 'supervisor') ? [{ href: '/staff/counter', label: t('窗口办理'), desc: t('按身份证查询、帮办代办、受理注销') }] : []),
    ...(has('reviewer', 'supervisor') ? [{ href: '/staff/corrections', label: t('更正申请'), desc: t('审核实名信息更正') }] : []),
    ...(has('supervisor')
      ? [
          { href: '/staff/rectifications', label: t('差评整改'), desc: t('回访与整改，15个工作日') },
          { href: '/staff/stats', label: t('统计分析'), desc: t('收件、办结、超期、评价') },
          { href: '/staff/calendar', label: t('工作日历'), desc: t('节假日与调休') },
        ]
      : []),
    ...(has('complaints', 'supervisor') ? [{ href: '/admin/complaints', label: t('来电工单'), desc: t('登记来电、核验身份、回访') }] : []),
    ...(has('sysadmin', 'secadmin') ? [{ href: '/admin', label: t('系统管理'), desc: t('人员、角色、安全策略、隐私政策、安全事件') }] : []),
    ...(has('auditor') ? [{ href: '/admin/audit', label: t('审计日志'), desc: t('查阅、导出、校验审计链') }] : []),
  ]
  return c.render(
    <StaffHomePage
      name={s.displayName}
      staffNo={s.staffNo}
      department={s.department}
      roles={roles.map((r) => ROLE_LABELS[r as StaffRole] ?? r)}
      links={links}
    />,
    { title: t('工作台'), area: 'staff' },
  )
})
