import { formatCst } from '../../src/lib/time.js'
import { t as tr } from '../../src/lib/i18n/index.js'
import { Form, TextArea } from '../components/form.js'
import { Notice } from '../components/status.js'

/** The stored decision trace as plain data (decisions.evaluationOf). */
export interface TraceView {
  outcome: 'instant' | 'manual'
  sampleStatus: 'pending' | 'confirmed' | 'revoked' | null
  at: string
  trace: {
    version: string
    instant: boolean
    rules: {
      id: string
      title: string
      basis: string
      outcome: 'pass' | 'fail' | 'unknown'
      data: {
        fact: string
        value: string | number | boolean | null
        trust: 'A' | 'B' | 'C' | 'D' | null
        source: string | null
        fetchedAt: string | null
      }[]
    }[]
  }
}

const OUTCOME = { pass: '符合', fail: '不符合', unknown: '无法核验' } as const
const TRUST = { A: 'A级·权威数据', B: 'B级·人工核验', C: 'C级·申请人上传', D: 'D级·申请人自述' } as const
const SOURCE: Record<string, string> = {
  education: '学历学位',
  'social-insurance': '社保',
  credit: '失信被执行人名单',
  enterprise: '市场主体登记',
  applicant: '申请人填写',
}

/** What each datum is called for people; a datum not listed shows its path. */
const FACT: Record<string, string> = {
  'education.education': '最高学历',
  'education.degree': '最高学位',
  'education.school': '毕业院校',
  'social-insurance.insurance_months': '本市社保缴纳月数',
  'social-insurance.employer': '参保单位',
  'credit.dishonest': '列入失信被执行人名单',
  'enterprise.status': '企业登记状态',
  'enterprise.company_name': '企业名称',
  'social-insurance.listed_employees': '申报的引进人才人数',
  'social-insurance.listed_uninsured': '其中未在本企业参保的人数',
}

const show = (v: string | number | boolean | null) => (v === null ? '无' : v === true ? '是' : v === false ? '否' : String(v))

/** Which rules decided, on which data, from where: shown to the applicant and to staff (staff start at the unmet ones). */
export function DecisionTrace({ t, audience }: { t: TraceView; audience: 'citizen' | 'staff' }) {
  const unmet = t.trace.rules.filter((r) => r.outcome !== 'pass')
  return (
    <section class="panel" data-qa="decision-trace" data-outcome={t.outcome}>
      <h2>{t.outcome === 'instant' ? '秒批：规则自动核验' : '规则预审结果'}</h2>
      {t.outcome === 'instant' ? (
        <p>
          全部条件经政务数据核验符合，系统于 {formatCst(t.at)} 即时办结（规则版本 {t.trace.version}）。
        </p>
      ) : (
        <p>
          规则版本 {t.trace.version}：
          {unmet.length
            ? `${unmet.length} 项条件未符合或无法核验，${audience === 'staff' ? '请从这些条件开始审核' : '已转工作人员人工审核'}。`
            : '转人工审核。'}
        </p>
      )}
      {audience === 'staff' && t.sampleStatus === 'pending' ? <Notice kind="warning">本件已被抽中，待科长抽查确认。</Notice> : null}
      <ul class="plain">
        {t.trace.rules.map((r) => (
          <li data-rule={r.id} data-outcome={r.outcome}>
            <strong>{OUTCOME[r.outcome]}</strong>：{r.title} <span class="muted">（依据：{r.basis}）</span>
            <ul>
              {r.data.map((d) => (
                <li>
                  {FACT[d.fact] ? tr(FACT[d.fact]) : d.fact}：{show(d.value)}
                  <span class="muted">
                    {' '}
                    — {d.source ? (SOURCE[d.source] ?? d.source) : '无数据'}
                    {d.trust ? `，${TRUST[d.trust]}` : ''}
                    {d.fetchedAt ? `，获取于 ${formatCst(d.fetchedAt)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}

export interface SampleRow {
  ref: string
  serviceName: string
  version: string
  at: string
  trace: TraceView
}

/** /staff/sampling: instant approvals drawn for a supervisor's check — confirm, or revoke with a reason. */
export function SamplingPage({
  rows,
  notice,
  errors = {},
  values = {},
  errorFor,
}: {
  rows: SampleRow[]
  notice?: string
  errors?: Record<string, string>
  values?: Record<string, string>
  errorFor?: string
}) {
  return (
    <section>
      <h1>秒批抽查</h1>
      <p>
        系统按比例抽取即时办结（秒批）的办件，新规则版本的最初若干件全部抽查。请核对规则依据的数据：无误则确认；发现错误则撤销审批，系统将撤销电子证照并告知申请人原因。
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {rows.length === 0 ? <p data-qa="no-samples">暂无待抽查的办件。</p> : null}
      {rows.map((r) => (
        <article class="panel" data-qa="sample" data-ref={r.ref}>
          <h2>
            <a href={`/staff/cases/${r.ref}`}>{r.ref}</a> {r.serviceName}
          </h2>
          <p class="muted">
            秒批于 {formatCst(r.at)}，规则版本 {r.version}
          </p>
          <DecisionTrace t={r.trace} audience="staff" />
          <Form action={`/staff/sampling/${r.ref}/confirm`} class="inline">
            <button type="submit" class="button" data-qa={`confirm-${r.ref}`}>
              抽查无误，确认
            </button>
          </Form>
          <Form action={`/staff/cases/${r.ref}/decision`}>
            <input type="hidden" name="decision" value="revoke" />
            <TextArea
              name="reason"
              label="撤销原因（申请人可见）"
              rows={2}
              value={errorFor === r.ref ? values.reason : undefined}
              error={errorFor === r.ref ? errors.reason : undefined}
            />
            <button type="submit" class="button warning" data-qa={`revoke-${r.ref}`}>
              撤销审批并撤销证照
            </button>
          </Form>
        </article>
      ))}
    </section>
  )
}
