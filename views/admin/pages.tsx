import { pick, t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { STAFF_ROLES, ROLE_LABELS, type StaffRole } from '../../src/modules/identity/roles.js'
import { SETTINGS } from '../../src/modules/security-settings/settings.js'
import type { IncidentRow } from '../../src/modules/admin/table.js'
import { Form, TextField, TextArea, Checkbox, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice, Badge, UserData } from '../components/status.js'
import { IncidentEnglishFields, PolicyEnglishFields } from './english-fields.js'
import { DataTable } from '../components/data-table.js'

type StaffItem = {
  id: number
  username: string
  displayName: string
  staffNo: string
  department: string
  status: string
  roles: string[]
  /** The holder's own phone or mail, masked (where activation links go). */
  contact: string | null
}
type Props = { values?: FormValues; errors?: FieldErrors; message?: string; notice?: string }

export function AdminHomePage(
  p: Props & {
    roles: string[]
    me: number
    staff: StaffItem[]
    settings: Record<string, number>
    policies: { version: string; title: string; material: number; publishedAt: string; effectiveAt: string }[]
    incidents: IncidentRow[]
    announcements: { title: string; startsAt: string; endsAt: string }[]
  },
) {
  const { values = {}, errors = {} } = p
  const sys = p.roles.includes('sysadmin')
  const sec = p.roles.includes('secadmin')
  return (
    <section data-qa="admin-home">
      <h1>{t('系统管理')}</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <h2>{pick('工作人员', 'Staff')}</h2>
      <DataTable
        qa="staff-list"
        rows={p.staff}
        columns={[
          { label: t('工号'), cell: (s) => s.staffNo },
          { label: t('用户名'), cell: (s) => s.username },
          { label: t('姓名'), cell: (s) => <UserData>{s.displayName}</UserData> },
          { label: t('部门'), cell: (s) => <UserData>{s.department}</UserData> },
          { label: t('本人联系方式'), cell: (s) => s.contact ?? t('未登记') },
          {
            label: t('角色'),
            cell: (s) => s.roles.map((r) => (r in ROLE_LABELS ? t(ROLE_LABELS[r as StaffRole]) : r)).join(t('、')),
          },
          {
            label: t('状态'),
            cell: (s) =>
              s.status === 'active' ? (
                <Badge tone="green">{pick('启用', 'Active')}</Badge>
              ) : s.status === 'pending' ? (
                <Badge tone="yellow">{t('待本人激活')}</Badge>
              ) : (
                <Badge tone="grey">{pick('停用', 'Disabled')}</Badge>
              ),
          },
          {
            label: t('操作'),
            class: 'actions',
            cell: (s) => (
              <>
                {sys && s.id !== p.me ? (
                  <>
                    <Form action={`/admin/staff/${s.id}/${s.status === 'active' ? 'disable' : 'enable'}`} class="inline">
                      <button class="button secondary small" type="submit">
                        {s.status === 'active' ? t('停用') : t('启用')}
                      </button>
                    </Form>
                    <Form action={`/admin/staff/${s.id}/reset-password`} class="inline">
                      <button class="button secondary small" type="submit">
                        {s.status === 'pending' ? t('重发激活链接') : t('发送重置链接')}
                      </button>
                    </Form>
                  </>
                ) : null}
                {sec && s.id !== p.me ? (
                  <Form action={`/admin/staff/${s.id}/roles`} class="inline">
                    <select name="role" aria-label={t('角色')}>
                      {STAFF_ROLES.map((r) => (
                        <option value={r}>{t(ROLE_LABELS[r])}</option>
                      ))}
                    </select>
                    <button class="button secondary small" type="submit" name="op" value="grant">
                      {t('授予')}
                    </button>
                    <button class="button secondary small" type="submit" name="op" value="revoke">
                      {t('撤销')}
                    </button>
                  </Form>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {sys ? (
        <Form action="/admin/staff" class="panel" data-qa="staff-form">
          <h3>{t('新增工作人员')}</h3>
          <TextField name="username" label={t('用户名')} value={values.username} error={errors.username} />
          <TextField name="name" label={t('姓名')} value={values.name} error={errors.name} />
          <TextField name="staff_no" label={t('工号')} value={values.staff_no} error={errors.staff_no} />
          <TextField name="department" label={t('部门')} value={values.department} error={errors.department} />
          <TextField
            name="phone"
            label={t('本人手机号')}
            inputmode="numeric"
            value={values.phone}
            error={errors.phone}
            hint={t('激活链接只发给账号持有人本人（手机号或邮箱至少填一项），不能填写您自己的')}
          />
          <TextField name="email" label={t('本人邮箱（选填）')} type="email" value={values.email} error={errors.email} />
          <p class="muted">{t('账号由持有人本人通过链接设置密码（管理员角色同时绑定动态口令）后启用；角色由安全管理员授予。')}</p>
          <SubmitButton>{t('创建')}</SubmitButton>
        </Form>
      ) : null}
      {sec ? (
        <>
          <h2>{t('安全策略')}</h2>
          <Form action="/admin/settings" class="panel" data-qa="settings-form">
            {Object.entries(SETTINGS).map(([k, d]) => (
              <TextField
                name={k}
                label={t('{label}（{min}–{max}）', { label: t(d.label), min: d.min, max: d.max })}
                value={values[k] ?? String(p.settings[k])}
                error={errors[k]}
                inputmode="numeric"
              />
            ))}
            <SubmitButton secondary>{t('保存')}</SubmitButton>
          </Form>
          <h2>{t('隐私政策版本')}</h2>
          <ul>
            {p.policies.map((x) => (
              <li>
                {x.version} <UserData>{x.title}</UserData>{' '}
                {t('· 发布 {publishedAt} · 生效 {effectiveAt}', {
                  publishedAt: formatCst(x.publishedAt),
                  effectiveAt: formatCst(x.effectiveAt),
                })}{' '}
                {x.material ? <Badge tone="yellow">{t('重大变更')}</Badge> : null}
              </li>
            ))}
          </ul>
          <Form action="/admin/policies" class="panel" data-qa="policy-form">
            <h3>{t('发布新版本')}</h3>
            <TextField name="version" label={t('版本号')} value={values.version} error={errors.version} />
            <TextField name="title" label={t('标题')} value={values.title ?? t('人才一站式网上办事大厅隐私政策')} error={errors.title} />
            <TextArea name="summary" label={t('变更摘要')} value={values.summary} error={errors.summary} />
            <TextArea name="body" label={t('政策全文')} rows={8} value={values.body} error={errors.body} />
            <TextField
              name="effective_date"
              label={t('生效日期')}
              type="date"
              value={values.effective_date}
              error={errors.effective_date}
            />
            <Checkbox
              name="material"
              label={t('重大变更（目的、数据类别、权利、共享、负责部门或联系方式等变化）：提前公告、通知全体用户、生效后须重新同意')}
              checked={values.material === 'on'}
            />
            <PolicyEnglishFields values={values} errors={errors} />
            <SubmitButton>{t('发布')}</SubmitButton>
          </Form>
          <h2>{t('安全事件')}</h2>
          <ul data-qa="incidents">
            {p.incidents.map((i) => (
              <li>
                <UserData>{i.title}</UserData> · {formatCst(i.createdAt)} ·{' '}
                {i.status === 'recorded'
                  ? t('已登记')
                  : i.status === 'notified'
                    ? t('已告知 {notifiedCount} 人（{notifiedAt}）', {
                        notifiedCount: i.notifiedCount ?? '',
                        notifiedAt: formatCst(i.notifiedAt),
                      })
                    : t('已关闭')}
                {i.status === 'recorded' ? (
                  <Form action={`/admin/incidents/${i.id}/notify`} class="inline">
                    <button class="button small" type="submit">
                      {t('发送告知并公告')}
                    </button>
                  </Form>
                ) : null}
                {i.status === 'notified' ? (
                  <Form action={`/admin/incidents/${i.id}/close`} class="inline">
                    <button class="button secondary small" type="submit">
                      {t('关闭')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <Form action="/admin/incidents" class="panel" data-qa="incident-form">
            <h3>{t('登记安全事件')}</h3>
            <TextField name="title" label={t('标题')} value={values.title_i} error={errors.title} />
            <TextArea name="what_happened" label={t('发生了什么')} value={values.what_happened} error={errors.what_happened} />
            <TextField name="data_categories" label={t('涉及的数据类别')} value={values.data_categories} error={errors.data_categories} />
            <TextField
              name="occurred_at"
              label={t('发生时间')}
              type="datetime-local"
              value={values.occurred_at}
              error={errors.occurred_at}
            />
            <TextArea name="impact" label={t('可能的影响')} value={values.impact} error={errors.impact} />
            <TextArea name="measures" label={t('已采取的措施')} value={values.measures} error={errors.measures} />
            <TextArea name="advice" label={t('用户可采取的防范措施')} value={values.advice} error={errors.advice} />
            <TextArea name="remedies" label={t('补救措施')} value={values.remedies} error={errors.remedies} />
            <TextArea
              name="affected"
              label={t('受影响用户（all 表示全部，或每行一个手机号）')}
              value={values.affected}
              error={errors.affected}
            />
            <IncidentEnglishFields values={values} errors={errors} />
            <SubmitButton>{pick('登记', 'Record incident')}</SubmitButton>
          </Form>
        </>
      ) : null}
      {sys ? (
        <>
          <h2>{t('网站公告')}</h2>
          <ul>
            {p.announcements.map((a) => (
              <li>
                <UserData>{a.title}</UserData> · {formatCst(a.startsAt)} – {formatCst(a.endsAt)}
              </li>
            ))}
          </ul>
          <Form action="/admin/announcements" class="panel" data-qa="announcement-form">
            <TextField name="title" label={t('标题')} value={values.a_title} error={errors.title} />
            <TextArea name="body" label={t('内容')} value={values.a_body} error={errors.body} />
            <TextField name="starts_at" label={t('开始时间')} type="datetime-local" value={values.starts_at} error={errors.starts_at} />
            <TextField name="ends_at" label={t('结束时间')} type="datetime-local" value={values.ends_at} error={errors.ends_at} />
            <SubmitButton secondary>{t('发布公告')}</SubmitButton>
          </Form>
        </>
      ) : null}
    </section>
  )
}
