import { z } from 'zod'

/**
 * A small typed rule language (decision 0191): a rule set is data — JSON files beside this one, reviewed like
 * code — and zod checks its shape when it is loaded. A condition compares one datum ("fact", a dotted path
 * such as `education.education`) with a value, or combines conditions with all/any.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { fact: string; op: 'in' | 'notIn'; value: (string | number | boolean)[] }
  | { fact: string; op: 'eq' | 'ne'; value: string | number | boolean }
  | { fact: string; op: 'gte' | 'gt' | 'lte' | 'lt'; value: number }

const factPath = z.string().regex(/^[a-z][a-z-]*\.[a-z_]+$/, 'a fact is source.field, e.g. education.degree')
const scalar = z.union([z.string(), z.number(), z.boolean()])

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ fact: factPath, op: z.enum(['in', 'notIn']), value: z.array(scalar).min(1) }).strict(),
    z.object({ fact: factPath, op: z.enum(['eq', 'ne']), value: scalar }).strict(),
    z.object({ fact: factPath, op: z.enum(['gte', 'gt', 'lte', 'lt']), value: z.number() }).strict(),
  ]),
)

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string().min(1),
    /** The legal basis the rule applies, cited to the applicant and the clerk. */
    basis: z.string().min(1),
    condition: conditionSchema,
  })
  .strict()

export const ruleSetSchema = z
  .object({
    service: z.string().min(1),
    version: z.string().regex(/^\d+(\.\d+)*$/),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable(),
    /** false: the rules check and the trace goes to staff, but never approve by themselves (e.g. money is paid). */
    instantApproval: z.boolean().optional(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = s.rules.map((r) => r.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'rule ids must be unique' })
    if (s.effectiveTo && s.effectiveTo < s.effectiveFrom) ctx.addIssue({ code: 'custom', message: 'effectiveTo before effectiveFrom' })
  })

export type Rule = z.infer<typeof ruleSchema>
export type RuleSet = z.infer<typeof ruleSetSchema>

/** The facts a condition reads, so each rule can say which data it uses. */
export function factsOf(c: Condition): string[] {
  if ('all' in c) return [...new Set(c.all.flatMap(factsOf))]
  if ('any' in c) return [...new Set(c.any.flatMap(factsOf))]
  return [c.fact]
}
