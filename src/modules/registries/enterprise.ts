import type { AuditContext } from '../audit/service.js'
import type { Facts } from '../rules/engine.js'
import type { LookupResult } from './service.js'
import { SOURCE_LABELS, type RegistrySource } from './schemas.js'

/** One listed employee and what the social-insurance roster says of them. */
export interface EmployeeCheck {
  name: string
  last4: string
  /** Months insured with this employer; null = not on the employer's roster. */
  months: number | null
}

export interface EnterprisePrefill {
  facts: Facts
  sources: { source: RegistrySource; name: string; status: 'found' | 'not_found' | 'unauthorised' | 'unavailable' }[]
  employees: EmployeeCheck[]
  /** The enterprise's registry status (存续, 注销, 吊销 …) when found. */
  status: string | null
}

interface Lookups {
  lookup<S extends RegistrySource>(
    ctx: AuditContext,
    input: { userId: number; enterpriseId?: number; source: S; key: string; purpose: string; reuseWithinMs?: number },
  ): Promise<LookupResult<S>>
}

/** "姓名,身份证号后4位,入职日期" per line (the form's `employees` field); malformed lines are left to the form's check. */
export function listedEmployees(text: string): { name: string; last4: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.split(/[,，]/).map((p) => p.trim()))
    .filter((p) => p.length === 3 && p[0] && /^\d{3}[\dXx]$/.test(p[1]))
    .map((p) => ({ name: p[0], last4: p[1].toUpperCase() }))
}

/**
 * The enterprise talent subsidy (decision 0211): with the enterprise's authorisation (given by its operator), the
 * market-entity registry says whether the enterprise is 存续, and the employer's social-insurance roster (keyed by
 * the USCC) whether each employee listed is insured there. The rules read `enterprise.status`,
 * `social-insurance.listed_employees` and `social-insurance.listed_uninsured`, all A-level when found.
 */
export async function enterprisePrefill(
  registries: Lookups,
  ctx: AuditContext,
  input: { userId: number; enterpriseId: number; uscc: string; employees: string; purpose: string; reuseWithinMs: number },
): Promise<EnterprisePrefill> {
  const out: EnterprisePrefill = { facts: {}, sources: [], employees: [], status: null }
  const base = {
    userId: input.userId,
    enterpriseId: input.enterpriseId,
    key: input.uscc,
    purpose: input.purpose,
    reuseWithinMs: input.reuseWithinMs,
  }
  const ent = await registries.lookup(ctx, { ...base, source: 'enterprise' })
  out.sources.push({ source: 'enterprise', name: SOURCE_LABELS.enterprise.name, status: ent.status })
  if (ent.status === 'found') {
    out.status = ent.data.status
    out.facts['enterprise.status'] = { value: ent.data.status, trust: 'A', source: 'enterprise', fetchedAt: ent.fetchedAt }
    out.facts['enterprise.company_name'] = { value: ent.data.company_name, trust: 'A', source: 'enterprise', fetchedAt: ent.fetchedAt }
  }
  const si = await registries.lookup(ctx, { ...base, source: 'social-insurance' })
  const roster = si.status === 'found' && 'employees' in si.data ? si.data.employees : null
  out.sources.push({
    source: 'social-insurance',
    name: SOURCE_LABELS['social-insurance'].name,
    // A person's record under an enterprise key is no roster: treated as not found.
    status: si.status === 'found' && !roster ? 'not_found' : si.status,
  })
  const listed = listedEmployees(input.employees)
  if (roster && si.status === 'found') {
    out.employees = listed.map((e) => {
      const hit = roster.find((r) => r.name === e.name && r.id_last4.toUpperCase() === e.last4)
      return { ...e, months: hit ? hit.insurance_months : null }
    })
    if (listed.length) {
      const datum = (value: number) => ({ value, trust: 'A' as const, source: 'social-insurance', fetchedAt: si.fetchedAt })
      out.facts['social-insurance.listed_employees'] = datum(listed.length)
      out.facts['social-insurance.listed_uninsured'] = datum(out.employees.filter((e) => !e.months).length)
    }
  } else out.employees = listed.map((e) => ({ ...e, months: null }))
  return out
}
