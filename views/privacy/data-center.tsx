import { t } from '../../src/lib/i18n/index.js'
import { TxData } from '../components/tx.js'
import type { Child } from 'hono/jsx'
import { LookupTable, type LookupView } from '../registries/authorisations.js'
import { formatCst } from '../../src/lib/time.js'
import { DATA_CATEGORIES, PROCESSORS, RETENTION } from '../../src/modules/privacy/catalog.js'
import {
  Form,
  TextField,
  TextArea,
  SelectField,
  ErrorSummary,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { Notice, Masked, Badge } from '../components/status.js'

/** 个人数据中心: what we hold, who accessed it, the printable export (split from pages.tsx by page). */

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
  const counts: Record<string, Child> = {
    account: t('手机 {x}', { x: p.user.phone ? `${p.user.phone.slice(0, 3)}****${p.user.phone.slice(-4)}` : '—' }),
    identity: p.user.verifiedAt
      ? TxData({
          zh: '{realName}，{idNumberMasked}，{bankAccountMasked}',
          data: { realName: p.user.realName, idNumberMasked: p.user.idNumberMasked, bankAccountMasked: p.user.bankAccountMasked },
        })
      : t('未实名认证'),
    enterprise: t('{enterprises} 家企业', { enterprises: s.enterprises }),
    applications: t('{applications} 件办件，{drafts} 份草稿', { applications: s.applications, drafts: s.drafts }),
    messages: t('{messages} 条', { messages: s.messages }),
    consents: t('{length} 项', { length: Object.keys(s.consents).length }),
    logins: t('{sessions} 次登录', { sessions: s.sessions }),
  }
  return (
    <section data-qa="data-center">
      <h1>{t('个人数据中心')}</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <p>{t('这里列出我们保存的关于您的全部个人信息、用途、依据、谁能看到以及保存多久。我们在15日内答复您的任何请求，免费。')}</p>
      <div class="actions">
        <a class="button" href="/me/data/export" data-qa="export">
          {t('导出我的数据（JSON）')}
        </a>
        <a class="button secondary" href="/me/data/summary">
          {t('查看数据摘要（可打印）')}
        </a>
        <a class="button secondary" href="/me/access-log">
          {t('谁访问了我的数据')}
        </a>
        <a class="button secondary" href="/me/consents">
          {t('授权管理')}
        </a>
        <a class="button secondary" href="/me/closure">
          {t('注销账号')}
        </a>
      </div>
      <h2>{t('我们保存的信息')}</h2>
      <div class="table-wrap">
        <table data-qa="categories">
          <thead>
            <tr>
              <th>{t('类别')}</th>
              <th>{t('内容')}</th>
              <th>{t('您的数据')}</th>
              <th>{t('用途')}</th>
              <th>{t('依据')}</th>
              <th>{t('谁能看到')}</th>
              <th>{t('保存期限')}</th>
            </tr>
          </thead>
          <tbody>
            {DATA_CATEGORIES.map((c) => (
              <tr>
                <td>{t(c.label)}</td>
                <td>{t(c.items)}</td>
                <td>
                  <Masked value={counts[c.key] ?? '—'} />
                </td>
                <td>{t(c.purpose)}</td>
                <td>{t(c.basis)}</td>
                <td>{t(c.who)}</td>
                <td>{t(c.retention)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('对外提供记录')}</h2>
      {s.disclosures.length === 0 ? (
        <p data-qa="no-disclosures">{t('我们没有向第三方提供过您的个人信息。')}</p>
      ) : (
        <table data-qa="disclosures">
          <thead>
            <tr>
              <th>{t('时间')}</th>
              <th>{t('接收方')}</th>
              <th>{t('数据')}</th>
              <th>{t('法律依据')}</th>
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
      <h2>{t('委托处理方')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('处理方')}</th>
            <th>{t('接收的数据')}</th>
            <th>{t('目的')}</th>
          </tr>
        </thead>
        <tbody>
          {PROCESSORS.map((x) => (
            <tr>
              <td>{t(x.name)}</td>
              <td>{t(x.data)}</td>
              <td>{t(x.purpose)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('保存期限')}</h2>
      <table data-qa="retention">
        <thead>
          <tr>
            <th>{t('数据')}</th>
            <th>{t('保存期限')}</th>
          </tr>
        </thead>
        <tbody>
          {RETENTION.map((r) => (
            <tr>
              <td>{t(r.what)}</td>
              <td>{t(r.keep)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('更正实名信息')}</h2>
      <p>
        {t('手机号、密码、银行账户可在')} <a href="/me/account">{t('个人中心')}</a> {t('自行修改。姓名、身份证号的更正需要工作人员审核。')}
      </p>
      {s.corrections.length ? (
        <ul>
          {s.corrections.map((c) => (
            <li>
              {c.field} · {formatCst(c.createdAt)} ·{' '}
              <Badge tone={c.status === 'pending' ? 'yellow' : c.status === 'approved' ? 'green' : 'red'}>
                {c.status === 'pending' ? t('审核中') : c.status === 'approved' ? t('已更正') : t('未通过')}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <Form action="/me/corrections" class="panel" data-qa="correction-form">
        <SelectField
          name="field"
          label={t('更正项目')}
          value={values.field}
          error={errors.field}
          placeholder={t('请选择')}
          options={[
            { value: 'real_name', label: t('姓名') },
            { value: 'id_number', label: t('身份证号') },
            { value: 'bank_account', label: t('银行账号') },
          ]}
        />
        <TextField name="value" label={t('正确的内容')} value={values.value} error={errors.value} maxlength={60} />
        <TextArea name="reason" label={t('更正原因')} value={values.reason} error={errors.reason} maxlength={500} />
        <SubmitButton secondary>{t('提交更正申请')}</SubmitButton>
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
      <h1>{t('谁访问了我的数据')}</h1>
      <p>{t('工作人员每次查看您的办件或个人信息都会记录在这里（显示工号和部门）。如对某次访问有疑问，请拨打12333。')}</p>
      {rows.length === 0 ? (
        <p data-qa="no-access">{t('暂无工作人员访问记录。')}</p>
      ) : (
        <div class="table-wrap">
          <table data-qa="access-log" class="responsive">
            <thead>
              <tr>
                <th>{t('时间')}</th>
                <th>{t('工号')}</th>
                <th>{t('部门')}</th>
                <th>{t('操作')}</th>
                <th>{t('目的')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label={t('时间')}>{formatCst(r.at)}</td>
                  <td data-label={t('工号')}>{r.staffNo}</td>
                  <td data-label={t('部门')}>{r.department}</td>
                  <td data-label={t('操作')}>{r.action}</td>
                  <td data-label={t('目的')}>{r.purpose ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('数据共享（经您授权的政务数据查询）')}</h2>
      {sharing.length === 0 ? (
        <p data-qa="no-sharing">
          {t('尚未向任何部门查询您的信息。')}
          <a href="/me/authorisations">{t('管理政务数据授权')}</a>
        </p>
      ) : (
        <LookupTable rows={sharing} qa="sharing-log" />
      )}
    </section>
  )
}

/** A readable rendering of the export: every section, every value as text. */
export function ExportSummaryPage({ data }: { data: Record<string, unknown> }) {
  const label: Record<string, string> = {
    exportedAt: t('导出时间'),
    account: t('账号'),
    identity: t('实名信息'),
    enterprises: t('企业'),
    applications: t('办件'),
    drafts: t('草稿'),
    messages: t('站内消息'),
    consents: t('授权记录'),
    corrections: t('更正申请'),
    disclosures: t('对外提供记录'),
    accessLog: t('访问记录'),
    loginHistory: t('登录记录'),
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
        t('（无）')
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
      <h1>{t('我的数据')}</h1>
      <p>{t('以下是我们保存的关于您的全部个人信息（含完整证件号和银行账号，请妥善保管）。可使用浏览器“打印”保存为 PDF。')}</p>
      {Object.entries(data).map(([k, v]) => (
        <section>
          <h2>{label[k] ?? k}</h2>
          {show(v)}
        </section>
      ))}
    </section>
  )
}
