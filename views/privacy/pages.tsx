import { LookupTable, type LookupView } from '../registries/authorisations.js'
import { formatCst } from '../../src/lib/time.js'
import { DATA_CATEGORIES, PROCESSORS, RETENTION, OPTIONAL_CONSENTS, CLOSURE_REASONS } from '../../src/modules/privacy/catalog.js'
import {
  Form,
  TextField,
  TextArea,
  SelectField,
  Checkbox,
  ErrorSummary,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { Notice, Masked, Badge } from '../components/status.js'
import { SmsCodeButton } from '../identity/auth.js'

type Consents = Record<string, { granted: boolean; at: string; policyVersion: string | null }>

export function DataCenterPage(p: {
  user: {
    phone: string | null
    realName: string | null
    idNumberMasked: string | null
    bankAccountMasked: string | null
    verifiedAt: string | null
  }
  summary: {
    applications: number
    drafts: number
    messages: number
    enterprises: number
    sessions: number
    consents: Consents
    corrections: { field: string; status: string; createdAt: string }[]
    disclosures: { recipient: string; dataCategories: string; legalBasis: string; disclosedAt: string }[]
  }
  notice?: string
  errors?: FieldErrors
  values?: FormValues
  message?: string
}) {
  const { summary: s, errors = {}, values = {} } = p
  const counts: Record<string, string> = {
    account: `手机 ${p.user.phone ? `${p.user.phone.slice(0, 3)}****${p.user.phone.slice(-4)}` : '—'}`,
    identity: p.user.verifiedAt ? `${p.user.realName}，${p.user.idNumberMasked}，${p.user.bankAccountMasked}` : '未实名认证',
    enterprise: `${s.enterprises} 家企业`,
    applications: `${s.applications} 件办件，${s.drafts} 份草稿`,
    messages: `${s.messages} 条`,
    consents: `${Object.keys(s.consents).length} 项`,
    logins: `${s.sessions} 次登录`,
  }
  return (
    <section data-qa="data-center">
      <h1>个人数据中心</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <p>这里列出我们保存的关于您的全部个人信息、用途、依据、谁能看到以及保存多久。我们在15日内答复您的任何请求，免费。</p>
      <div class="actions">
        <a class="button" href="/me/data/export" data-qa="export">
          导出我的数据（JSON）
        </a>
        <a class="button secondary" href="/me/data/summary">
          查看数据摘要（可打印）
        </a>
        <a class="button secondary" href="/me/access-log">
          谁访问了我的数据
        </a>
        <a class="button secondary" href="/me/consents">
          授权管理
        </a>
        <a class="button secondary" href="/me/closure">
          注销账号
        </a>
      </div>
      <h2>我们保存的信息</h2>
      <div class="table-wrap">
        <table data-qa="categories">
          <thead>
            <tr>
              <th>类别</th>
              <th>内容</th>
              <th>您的数据</th>
              <th>用途</th>
              <th>依据</th>
              <th>谁能看到</th>
              <th>保存期限</th>
            </tr>
          </thead>
          <tbody>
            {DATA_CATEGORIES.map((c) => (
              <tr>
                <td>{c.label}</td>
                <td>{c.items}</td>
                <td>
                  <Masked value={counts[c.key] ?? '—'} />
                </td>
                <td>{c.purpose}</td>
                <td>{c.basis}</td>
                <td>{c.who}</td>
                <td>{c.retention}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>对外提供记录</h2>
      {s.disclosures.length === 0 ? (
        <p data-qa="no-disclosures">我们没有向第三方提供过您的个人信息。</p>
      ) : (
        <table data-qa="disclosures">
          <thead>
            <tr>
              <th>时间</th>
              <th>接收方</th>
              <th>数据</th>
              <th>法律依据</th>
            </tr>
          </thead>
          <tbody>
            {s.disclosures.map((d) => (
              <tr>
                <td>{formatCst(d.disclosedAt)}</td>
                <td>{d.recipient}</td>
                <td>{d.dataCategories}</td>
                <td>{d.legalBasis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>委托处理方</h2>
      <table>
        <thead>
          <tr>
            <th>处理方</th>
            <th>接收的数据</th>
            <th>目的</th>
          </tr>
        </thead>
        <tbody>
          {PROCESSORS.map((x) => (
            <tr>
              <td>{x.name}</td>
              <td>{x.data}</td>
              <td>{x.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>保存期限</h2>
      <table data-qa="retention">
        <thead>
          <tr>
            <th>数据</th>
            <th>保存期限</th>
          </tr>
        </thead>
        <tbody>
          {RETENTION.map((r) => (
            <tr>
              <td>{r.what}</td>
              <td>{r.keep}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>更正实名信息</h2>
      <p>
        手机号、密码、银行账户可在 <a href="/me">个人中心</a> 自行修改。姓名、身份证号的更正需要工作人员审核。
      </p>
      {s.corrections.length ? (
        <ul>
          {s.corrections.map((c) => (
            <li>
              {c.field} · {formatCst(c.createdAt)} ·{' '}
              <Badge tone={c.status === 'pending' ? 'yellow' : c.status === 'approved' ? 'green' : 'red'}>
                {c.status === 'pending' ? '审核中' : c.status === 'approved' ? '已更正' : '未通过'}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <Form action="/me/corrections" class="panel" data-qa="correction-form">
        <SelectField
          name="field"
          label="更正项目"
          value={values.field}
          error={errors.field}
          placeholder="请选择"
          options={[
            { value: 'real_name', label: '姓名' },
            { value: 'id_number', label: '身份证号' },
            { value: 'bank_account', label: '银行账号' },
          ]}
        />
        <TextField name="value" label="正确的内容" value={values.value} error={errors.value} maxlength={60} />
        <TextArea name="reason" label="更正原因" value={values.reason} error={errors.reason} maxlength={500} />
        <SubmitButton secondary>提交更正申请</SubmitButton>
      </Form>
    </section>
  )
}

export function AccessLogPage({
  rows,
  sharing = [],
}: {
  rows: { at: string; staffNo: string; department: string; action: string; purpose: string | null }[]
  sharing?: LookupView[]
}) {
  return (
    <section>
      <h1>谁访问了我的数据</h1>
      <p>工作人员每次查看您的办件或个人信息都会记录在这里（显示工号和部门）。如对某次访问有疑问，请拨打12333。</p>
      {rows.length === 0 ? (
        <p data-qa="no-access">暂无工作人员访问记录。</p>
      ) : (
        <div class="table-wrap">
          <table data-qa="access-log" class="responsive">
            <thead>
              <tr>
                <th>时间</th>
                <th>工号</th>
                <th>部门</th>
                <th>操作</th>
                <th>目的</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label="时间">{formatCst(r.at)}</td>
                  <td data-label="工号">{r.staffNo}</td>
                  <td data-label="部门">{r.department}</td>
                  <td data-label="操作">{r.action}</td>
                  <td data-label="目的">{r.purpose ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>数据共享（经您授权的政务数据查询）</h2>
      {sharing.length === 0 ? (
        <p data-qa="no-sharing">
          尚未向任何部门查询您的信息。<a href="/me/authorisations">管理政务数据授权</a>
        </p>
      ) : (
        <LookupTable rows={sharing} qa="sharing-log" />
      )}
    </section>
  )
}

export function ConsentsPage({ consents, notice }: { consents: Consents; notice?: string }) {
  const policy = consents.privacy_policy
  return (
    <section>
      <h1>授权管理</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>以下均为可选授权：关闭后立即生效，不影响您办理任何业务。</p>
      {policy ? (
        <p>
          隐私政策：已于 {formatCst(policy.at)} 同意（版本 {policy.policyVersion}）。<a href="/privacy-policy">查看政策</a>
        </p>
      ) : null}
      <ul class="plain" data-qa="consents">
        {OPTIONAL_CONSENTS.map((c) => {
          const on = consents[c.key]?.granted ?? false
          return (
            <li class="panel">
              <strong>{c.label}</strong> {on ? <Badge tone="green">已开启</Badge> : <Badge tone="grey">未开启</Badge>}
              <p class="muted">{c.purpose}</p>
              <Form action="/me/consents">
                <input type="hidden" name="consent" value={c.key} />
                {on ? null : <input type="hidden" name="granted" value="on" />}
                <button type="submit" class={on ? 'button secondary' : 'button'} data-qa={`toggle-${c.key}`}>
                  {on ? '撤回授权' : '开启'}
                </button>
              </Form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function ClosurePage({
  phone,
  blockers,
  errors = {},
  values = {},
  message,
  notice,
}: {
  phone: string
  blockers: string[]
  errors?: FieldErrors
  values?: FormValues
  message?: string
  notice?: string
}) {
  return (
    <section class="narrow">
      <h1>注销账号</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <h2>注销后</h2>
      <ul>
        <li>立即退出所有设备，账号不能再登录。</li>
        <li>
          7天冷静期后开始删除：手机号、邮箱、姓名、身份证号、银行账号、草稿、材料、站内消息、授权记录、登录记录。最迟15个工作日内完成，完成后短信通知您。
        </li>
        <li>法律要求保存的记录（已发放补贴的申请与发放记录）匿名化后保存10年，不再与您关联。</li>
        <li>冷静期内如改变主意，可携带身份证到服务窗口撤销。注销完成后，同一手机号和身份证可重新注册。</li>
        <li>
          建议先 <a href="/me/data/export">导出您的数据</a>。
        </li>
      </ul>
      {blockers.length ? (
        <Notice kind="warning" title="暂时不能注销">
          <ul data-qa="closure-blockers">
            {blockers.map((b) => (
              <li>{b}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Form action="/me/closure" data-qa="closure-form">
          <input type="hidden" name="return_to" value="/me/closure" />
          <SelectField
            name="reason"
            label="注销原因"
            optional
            value={values.reason}
            options={CLOSURE_REASONS.map((r) => ({ value: r, label: r }))}
            placeholder="不说明"
          />
          <p>
            为确认是您本人，请获取发送到 {phone.slice(0, 3)}****{phone.slice(-4)} 的验证码。
          </p>
          <SmsCodeButton purpose="closure" />
          <TextField name="sms_code" label="短信验证码" inputmode="numeric" maxlength={6} error={errors.sms_code} />
          <Checkbox name="confirm" label="我已了解注销的后果，确认注销账号" checked={values.confirm === 'on'} error={errors.confirm} />
          <button type="submit" class="button danger" data-qa="submit">
            确认注销
          </button>
        </Form>
      )}
    </section>
  )
}

export function ClosureStatusPage({
  c,
}: {
  c: {
    ref: string
    status: string
    channel: string
    requestedAt: string
    executeAfter: string
    dueDate: string
    completedAt: string | null
    cancelledAt: string | null
  }
}) {
  const label = c.status === 'requested' ? '办理中' : c.status === 'completed' ? '已完成' : '已撤销'
  return (
    <section class="narrow" data-qa="closure-status">
      <h1>账号注销</h1>
      <Notice kind="success" title={`注销编号 ${c.ref}`}>
        <p>
          状态：<strong data-qa="closure-state">{label}</strong>
        </p>
      </Notice>
      <dl class="summary">
        <div>
          <dt>申请时间</dt>
          <dd>
            {formatCst(c.requestedAt)}（{c.channel === 'counter' ? '窗口' : '网上'}）
          </dd>
        </div>
        <div>
          <dt>冷静期至</dt>
          <dd>{formatCst(c.executeAfter)}</dd>
        </div>
        <div>
          <dt>最迟完成日期</dt>
          <dd>{c.dueDate}</dd>
        </div>
        {c.completedAt ? (
          <div>
            <dt>完成时间</dt>
            <dd>{formatCst(c.completedAt)}</dd>
          </div>
        ) : null}
      </dl>
      <p>您已退出登录。请保存注销编号，可凭编号在本页面查询进度，或拨打12333。</p>
    </section>
  )
}

export function CookieBanner() {
  return (
    <div class="cookie-banner" role="region" aria-label="Cookie 设置" data-qa="cookie-banner">
      <p>本网站仅使用必要的 Cookie 保障登录和安全。经您同意，我们还会使用分析类 Cookie 统计访问量（不含个人身份信息）。</p>
      <form method="post" action="/cookies" class="actions">
        <CsrfHidden />
        <button type="submit" name="choice" value="essential" class="button">
          仅必要
        </button>
        <button type="submit" name="choice" value="all" class="button">
          全部接受
        </button>
        <a href="/cookies">详细设置</a>
      </form>
    </div>
  )
}

import { CsrfField as CsrfHidden } from '../components/form.js'

export function CookiesPage({ choice, notice }: { choice: string | null; notice?: string }) {
  return (
    <section class="narrow">
      <h1>Cookie 设置</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <table>
        <thead>
          <tr>
            <th>Cookie</th>
            <th>用途</th>
            <th>类型</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>hall_session</td>
            <td>保持登录状态</td>
            <td>必要</td>
          </tr>
          <tr>
            <td>hall_csrf</td>
            <td>防止跨站请求伪造</td>
            <td>必要</td>
          </tr>
          <tr>
            <td>hall_care</td>
            <td>记住关怀模式</td>
            <td>必要（功能）</td>
          </tr>
          <tr>
            <td>hall_cookie_choice</td>
            <td>记住您的选择</td>
            <td>必要</td>
          </tr>
          <tr>
            <td>（分析类）</td>
            <td>匿名统计访问量</td>
            <td>可选，默认关闭</td>
          </tr>
        </tbody>
      </table>
      <p>
        当前选择：
        <strong data-qa="cookie-choice">{choice === 'all' ? '全部接受' : choice === 'essential' ? '仅必要' : '尚未选择（仅必要）'}</strong>
        。未登录浏览产生的数据在1个月内删除。
      </p>
      <form method="post" action="/cookies" class="actions">
        <CsrfHidden />
        <button type="submit" name="choice" value="essential" class="button">
          仅必要
        </button>
        <button type="submit" name="choice" value="all" class="button">
          全部接受
        </button>
      </form>
    </section>
  )
}

export function DisclosuresAdminPage({
  list,
  values = {},
  errors = {},
  message,
  notice,
}: {
  list: {
    userId: number
    recipient: string
    dataCategories: string
    legalBasis: string
    disclosedAt: string
    notifyUser: number
    noNotifyBasis: string | null
  }[]
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section>
      <h1>对外提供登记</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/admin/disclosures" class="panel" data-qa="disclosure-form">
        <TextField name="phone" label="用户手机号" value={values.phone} error={errors.phone} />
        <TextField name="recipient" label="接收方" value={values.recipient} error={errors.recipient} />
        <TextField name="data_categories" label="提供的数据类别" value={values.data_categories} error={errors.data_categories} />
        <TextField name="legal_basis" label="法律依据" value={values.legal_basis} error={errors.legal_basis} />
        <TextField name="disclosed_at" label="提供时间" type="datetime-local" value={values.disclosed_at} error={errors.disclosed_at} />
        <Checkbox name="no_notify" label="依法不得告知用户（须写明依据，此选择记入审计日志）" checked={values.no_notify === 'on'} />
        <TextField name="no_notify_basis" label="不告知的法律依据" optional value={values.no_notify_basis} error={errors.no_notify_basis} />
        <SubmitButton>登记</SubmitButton>
      </Form>
      <table>
        <thead>
          <tr>
            <th>时间</th>
            <th>用户</th>
            <th>接收方</th>
            <th>数据</th>
            <th>依据</th>
            <th>告知</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr>
              <td>{formatCst(d.disclosedAt)}</td>
              <td>#{d.userId}</td>
              <td>{d.recipient}</td>
              <td>{d.dataCategories}</td>
              <td>{d.legalBasis}</td>
              <td>{d.notifyUser ? '已告知' : `不告知（${d.noNotifyBasis}）`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** A readable rendering of the export: every section, every value as text. */
export function ExportSummaryPage({ data }: { data: Record<string, unknown> }) {
  const label: Record<string, string> = {
    exportedAt: '导出时间',
    account: '账号',
    identity: '实名信息',
    enterprises: '企业',
    applications: '办件',
    drafts: '草稿',
    messages: '站内消息',
    consents: '授权记录',
    corrections: '更正申请',
    disclosures: '对外提供记录',
    accessLog: '访问记录',
    loginHistory: '登录记录',
  }
  const show = (v: unknown): unknown => {
    if (v === null || v === undefined) return '—'
    if (Array.isArray(v))
      return v.length ? (
        <ol>
          {v.map((x) => (
            <li>{show(x)}</li>
          ))}
        </ol>
      ) : (
        '（无）'
      )
    if (typeof v === 'object')
      return (
        <dl class="summary">
          {Object.entries(v as Record<string, unknown>).map(([k, x]) => (
            <div>
              <dt>{k}</dt>
              <dd>{show(x)}</dd>
            </div>
          ))}
        </dl>
      )
    return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return (
    <section data-qa="export-summary">
      <h1>我的数据</h1>
      <p>以下是我们保存的关于您的全部个人信息（含完整证件号和银行账号，请妥善保管）。可使用浏览器“打印”保存为 PDF。</p>
      {Object.entries(data).map(([k, v]) => (
        <section>
          <h2>{label[k] ?? k}</h2>
          {show(v)}
        </section>
      ))}
    </section>
  )
}
