import { z } from 'zod'

/**
 * The registry sources and the shape of one record in each (../shared/CONTRACT.md, `registry:put`).
 * The same shapes are what an HTTP registry must answer; anything else is treated as unavailable.
 */
export const REGISTRY_SOURCES = ['education', 'social-insurance', 'credit', 'enterprise'] as const
export type RegistrySource = (typeof REGISTRY_SOURCES)[number]

export const isRegistrySource = (s: string): s is RegistrySource => (REGISTRY_SOURCES as readonly string[]).includes(s)

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')

export const RECORD_SCHEMAS = {
  education: z.object({
    education: z.string().min(1).max(20),
    degree: z.string().min(1).max(10),
    school: z.string().min(1).max(60),
    major: z.string().min(1).max(60),
    graduation_date: isoDate,
  }),
  // Keyed by an ID number: the person's insurance. Keyed by a USCC: the employer's roster of insured staff
  // (the enterprise talent subsidy checks the employees it lists against it, with the enterprise's authorisation).
  'social-insurance': z.union([
    z.object({
      employer: z.string().min(1).max(60),
      employer_uscc: z.string().length(18).optional(),
      insurance_months: z.number().int().min(0).max(600),
      since: isoDate.optional(),
    }),
    z.object({
      employer: z.string().min(1).max(60),
      employees: z
        .array(
          z.object({
            name: z.string().min(1).max(40),
            id_last4: z.string().regex(/^\d{3}[\dX]$/, 'four characters, digits (last may be X)'),
            insurance_months: z.number().int().min(0).max(600),
          }),
        )
        .max(2000),
    }),
  ]),
  credit: z.object({ dishonest: z.boolean() }),
  enterprise: z.object({
    company_name: z.string().min(1).max(100),
    legal_rep_name: z.string().min(1).max(40),
    status: z.string().min(1).max(10),
  }),
} satisfies Record<RegistrySource, z.ZodType>

/** The schema a record must meet: for social insurance, a roster when it lists employees, else a person's record (clear errors). */
export function schemaFor(source: RegistrySource, record: unknown): z.ZodType {
  const schema = RECORD_SCHEMAS[source]
  if (source !== 'social-insurance') return schema
  const roster = typeof record === 'object' && record !== null && 'employees' in record
  return RECORD_SCHEMAS['social-insurance'].options[roster ? 1 : 0]
}

export type RegistryRecord<S extends RegistrySource> = z.infer<(typeof RECORD_SCHEMAS)[S]>

/** What a citizen and a clerk read: the agency behind each source. */
export const SOURCE_LABELS: Record<RegistrySource, { name: string; agency: string }> = {
  education: { name: '学历学位信息', agency: '教育部学历学位数据库' },
  'social-insurance': { name: '社会保险参保信息', agency: '市人力资源和社会保障局' },
  credit: { name: '失信被执行人信息', agency: '最高人民法院失信被执行人名单' },
  enterprise: { name: '市场主体登记信息', agency: '市市场监督管理局' },
}

/** The source's name for people; an unknown source (a record from an older version) shows as is. */
export const sourceName = (source: string) => (isRegistrySource(source) ? SOURCE_LABELS[source].name : source)
