import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { Form, TextArea } from '../components/form.js'
import { Notice } from '../components/status.js'
import { Stored, Tx } from '../components/tx.js'

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

const show = (v: string | number | boolean | null) => (v === null ? t('无') : v === true ? t('是') : v === false ? t('否') : String(v))

/** Which rules decided, on which data, from where: shown to the applicant and to staff (staff start at the unmet ones). */
export function DecisionTrace({ t: view, audience }: { t: TraceView; audience: 'citizen' | 'staff' }) {
  const unmet = view.trace.rules.filter((r) => r.outcome !== 'pass')
  return (
    <section class="panel" data-qa="decision-trace" data-outcome={view.outcome}>
      <h2>{view.outcome === 'instant' ? t('秒批：规则自动核验') : t('规则预审结果')}</h2>
      {view.outcome === 'instant' ? (
        <p>
          {t('全部条件经政务数据核验符合，系统于 {at} 即时办结（规则版本 {version}）。', {
            at: formatCst(view.at),
            version: view.trace.version,
          })}
        </p>
      ) : (
        <p>
          {t('规则版本 {version}：', { version: view.trace.version })}
          {unmet.length
            ? audience === 'staff'
              ? t('{n} 项条件未符合或无法核验，请从这些条件开始审核。', { n: unmet.length })
              : t('{n} 项条件未符合或无法核验，已转工作人员人工审核。', { n: unmet.length })
            : t('转人工审核。')}
        </p>
      )}
      {audience === 'staff' && view.sampleStatus === 'pending' ? (
        <Notice kind="warning">{t('本件已被抽中，待科长抽查确认。')}</Notice>
      ) : null}
      <ul class="plain">
        {view.trace.rules.map((r) => (
          <li data-rule={r.id} data-outcome={r.outcome}>
            <strong>{t(OUTCOME[r.outcome])}</strong>
            {t('：{title}', { title: t(r.title) })} <span class="muted">{t('（依据：{basis}）', { basis: t(r.basis) })}</span>
            <ul>
              {r.data.map((d) => (
                <li>
                  {/* the value is registry data, shown as the registry gave it */}
                  <Tx
                    zh="{FACT}：{value}"
                    vars={{ FACT: FACT[d.fact] ? t(FACT[d.fact]) : d.fact, value: <Stored>{show(d.value)}</Stored> }}
                  />
                  <span class="muted">
                    {' '}
                    — {d.source ? (SOURCE[d.source] ? t(SOURCE[d.source]) : d.source) : t('无数据')}
                    {d.trust ? t('，{TRUST}', { TRUST: t(TRUST[d.trust]) }) : ''}
                    {d.fetchedAt ? t('，获取于 {fetchedAt}', { fetchedAt: formatCst(d.fetchedAt) }) : ''}
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
      <h1>{t('秒批抽查')}</h1>
      <p>
        {t(
          '系统按比例抽取即时办结（秒批）的办件，新规则版本的最初若干件全部抽查。请核对规则依据的数据：无误则确认；发现错误则撤销审批，系统将撤销电子证照并告知申请人原因。',
        )}
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {rows.length === 0 ? <p data-qa="no-samples">{t('暂无待抽查的办件。')}</p> : null}
      {rows.map((r) => (
        <article class="panel" data-qa="sample" data-ref={r.ref}>
          <h2>
            <a href={`/staff/cases/${r.ref}`}>{r.ref}</a> {r.serviceName}
          </h2>
          <p class="muted">{t('秒批于 {at}，规则版本 {version}', { at: formatCst(r.at), version: r.version })}</p>
          <DecisionTrace t={r.trace} audience="staff" />
          <Form action={`/staff/sampling/${r.ref}/confirm`} class="inline">
            <button type="submit" class="button" data-qa={`confirm-${r.ref}`}>
              {t('抽查无误，确认')}
            </button>
          </Form>
          <Form action={`/staff/cases/${r.ref}/decision`}>
            <input type="hidden" name="decision" value="revoke" />
            <TextArea
              name="reason"
              label={t('撤销原因（申请人可见）')}
              rows={2}
              value={errorFor === r.ref ? values.reason : undefined}
              error={errorFor === r.ref ? errors.reason : undefined}
            />
            <button type="submit" class="button warning" data-qa={`revoke-${r.ref}`}>
              {t('撤销审批并撤销证照')}
            </button>
          </Form>
        </article>
      ))}
    </section>
  )
}
