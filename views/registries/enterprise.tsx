import { t } from '../../src/lib/i18n/index.js'
import { Form } from '../components/form.js'

/** The enterprise talent subsidy's registry checks as the operator sees them (plain data). */
export interface EnterpriseChecksView {
  authorised: boolean
  status: string | null
  employees: { name: string; last4: string; months: number | null }[]
  sources: { source: string; name: string; status: 'found' | 'not_found' | 'unauthorised' | 'unavailable' }[]
}

const note = (s: EnterpriseChecksView['sources'][number]['status']) =>
  ({
    found: t('已获取'),
    not_found: t('未查到记录，将由工作人员人工核实'),
    unauthorised: t('未授权'),
    unavailable: t('暂时无法获取，将由工作人员人工核实（不影响提交）'),
  })[s]

/**
 * 数据共享 for an enterprise: with the enterprise's authorisation, its registration status and whether each listed
 * employee is on its social-insurance roster. Names are the operator's own input; only the last 4 ID digits show.
 */
export function EnterpriseChecksPanel({ checks, serviceCode }: { checks: EnterpriseChecksView; serviceCode: string }) {
  return (
    <div class="panel" data-qa="enterprise-checks">
      <h2>{t('政务数据共享（企业）')}</h2>
      {checks.authorised ? (
        <>
          <ul>
            {checks.sources.map((s) => (
              <li data-source={s.source} data-status={s.status}>
                {t(s.name)}：{note(s.status)}
                {s.source === 'enterprise' && checks.status ? t('（登记状态：{status}）', { status: checks.status }) : ''}
              </li>
            ))}
          </ul>
          {checks.employees.length ? (
            <table class="table" data-qa="employee-checks">
              <caption>{t('申报人员社保核验')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('姓名')}</th>
                  <th scope="col">{t('身份证号后4位')}</th>
                  <th scope="col">{t('在本企业参保')}</th>
                </tr>
              </thead>
              <tbody>
                {checks.employees.map((e) => (
                  <tr data-insured={e.months ? 'yes' : 'no'}>
                    <td>{e.name}</td>
                    <td>{e.last4}</td>
                    <td>{e.months ? t('是，已缴 {n} 个月', { n: e.months }) : t('未查到')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="hint">{t('填写引进人才名单并保存草稿后，这里显示每人在本企业的参保情况。')}</p>
          )}
        </>
      ) : (
        <Form action="/me/authorisations">
          <input type="hidden" name="scope" value="acting-enterprise" />
          <input type="hidden" name="granted" value="on" />
          <input type="hidden" name="return_to" value={`/applications/new?service=${serviceCode}`} />
          <p class="hint">
            {t('以企业名义授权后，我们向市场监管部门查询企业登记状态，向人社部门核对申报人员在本企业的参保情况（每次查询都会记录）。')}
          </p>
          <button type="submit" class="button" data-qa="authorise-enterprise">
            {t('以企业名义授权查询')}
          </button>
        </Form>
      )}
    </div>
  )
}
