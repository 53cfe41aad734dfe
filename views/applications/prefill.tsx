import { t } from '../../src/lib/i18n/index.js'
import type { FormField } from '../../src/modules/catalog/definitions.js'
import { Form, TextArea } from '../components/form.js'
import { Notice } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'

/** What the form page needs to know about prefilled values (plain data from registries.prefill). */
export interface PrefillView {
  provenance: Record<string, { agency: string; fetchedAt: string; trust: 'A' }>
  sources: { source: string; name: string; status: 'found' | 'not_found' | 'unauthorised' | 'unavailable' | 'disputed' }[]
  /** Materials the registries make unnecessary (tell us once). */
  waived: { key: string; label: string; by: string }[]
}
export interface PrecheckView {
  version: string
  rules: { id: string; title: string; basis: string; outcome: 'pass' | 'fail' | 'unknown' }[]
  instant: boolean
}

const STATUS_NOTE = {
  found: '已获取',
  not_found: '未查到记录，请手工填写',
  unauthorised: '未授权',
  unavailable: '暂时无法获取，请手工填写（不影响提交）',
  disputed: '您已反馈有误，请手工填写，将转人工审核',
} as const

/** An authoritative value: shown read-only with where it came from; the server uses the registry's value whatever is posted. */
export function ProvenanceField({ f, value, p }: { f: FormField; value: string; p: PrefillView['provenance'][string] }) {
  const id = `f-${f.name}`
  return (
    <div class="field prefilled" id={`field-${f.name}`} data-qa={`prefilled-${f.name}`}>
      <label for={id}>{f.label}</label>
      <input id={id} name={f.name} value={value} readonly aria-describedby={`${id}-source`} />
      <p class="hint provenance" id={`${id}-source`}>
        {t('来源：{agency} · 权威数据（A级）· 获取于 {fetchedAt}', { agency: t(p.agency), fetchedAt: formatCst(p.fetchedAt) })}
      </p>
    </div>
  )
}

/** 数据共享: which registries filled the form, the way to authorise, and "this is wrong". */
export function PrefillPanel({ prefill, serviceCode }: { prefill: PrefillView; serviceCode: string }) {
  const back = `/applications/new?service=${serviceCode}`
  const unauthorised = prefill.sources.filter((s) => s.status === 'unauthorised')
  const found = prefill.sources.filter((s) => s.status === 'found')
  return (
    <div class="panel" data-qa="prefill">
      <h2>{t('政务数据共享')}</h2>
      {found.length ? <p>{t('以下信息已从政务数据自动填写，无需您再填写或上传证明：')}</p> : null}
      <ul>
        {prefill.sources.map((s) => (
          <li data-source={s.source} data-status={s.status}>
            {t('{name}：{STATUS_NOTE}', { name: t(s.name), STATUS_NOTE: t(STATUS_NOTE[s.status]) })}
          </li>
        ))}
      </ul>
      {unauthorised.length ? (
        <Form action="/me/authorisations">
          <input type="hidden" name="scope" value="all" />
          <input type="hidden" name="granted" value="on" />
          <input type="hidden" name="return_to" value={back} />
          <p class="hint">{t('授权后我们向学历、社保、信用等部门查询您的信息（每次查询都会记录，可随时撤回）。')}</p>
          <button type="submit" class="button" data-qa="authorise-all">
            {t('授权查询并自动填写')}
          </button>
        </Form>
      ) : null}
      {found.length ? (
        <details>
          <summary>{t('信息有误？')}</summary>
          <Form action="/applications/prefill-dispute">
            <input type="hidden" name="service" value={serviceCode} />
            <label for="f-source">{t('哪一项有误')}</label>
            <select id="f-source" name="source">
              {found.map((s) => (
                <option value={s.source}>{t(s.name)}</option>
              ))}
            </select>
            <TextArea
              name="note"
              label={t('请说明哪里有误')}
              rows={3}
              hint={t('我们会转告数据来源部门核实；您可以先手工填写申请，由工作人员人工审核。')}
            />
            <button type="submit" class="button secondary" data-qa="dispute">
              {t('反馈有误并改为手工填写')}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  )
}

const OUTCOME = { pass: '符合', fail: '不符合', unknown: '待人工核实' } as const

/** 智能预审: which conditions the registry data already meets, before the citizen submits. */
export function PrecheckPanel({ precheck }: { precheck: PrecheckView }) {
  return (
    <div class="panel" data-qa="precheck">
      <h2>{t('智能预审')}</h2>
      <p class="hint">
        {t('依据政务数据预先核对申请条件（规则版本 {version}），仅供参考，以审核结果为准。', { version: precheck.version })}
      </p>
      <ul class="plain">
        {precheck.rules.map((r) => (
          <li data-rule={r.id} data-outcome={r.outcome}>
            <strong>{t(OUTCOME[r.outcome])}</strong>
            {t('：{title}', { title: t(r.title) })} <span class="muted">{t('（{basis}）', { basis: t(r.basis) })}</span>
          </li>
        ))}
      </ul>
      {precheck.instant ? (
        <Notice kind="success">{t('全部条件已由政务数据核验，提交后即时办结（秒批），并发放电子证照。')}</Notice>
      ) : (
        <p>
          {precheck.rules.some((r) => r.outcome !== 'pass')
            ? t('提交后由工作人员审核，将重点核实上面未符合或待核实的条件。')
            : t('提交后由工作人员审核。')}
        </p>
      )}
    </div>
  )
}
