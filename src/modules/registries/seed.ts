import type { RegistryService } from './service.js'

/**
 * Demo records in the development registries for the demo citizen (and their enterprise), so a newcomer
 * sees prefill, the pre-check and instant approval at once. Idempotent: a record is replaced, not added.
 */
export async function seedDemoRegistries(registries: RegistryService, demo: { idNumber: string; uscc: string }) {
  await registries.put('education', demo.idNumber, {
    education: '硕士研究生',
    degree: '硕士',
    school: '中山大学',
    major: '计算机科学与技术',
    graduation_date: '2020-07-01',
  })
  await registries.put('social-insurance', demo.idNumber, {
    employer: '广州示范科技有限公司',
    employer_uscc: demo.uscc,
    insurance_months: 6,
    since: '2026-05-01',
  })
  await registries.put('credit', demo.idNumber, { dishonest: false })
  await registries.put('enterprise', demo.uscc, { company_name: '广州示范科技有限公司', legal_rep_name: '陈志强', status: '存续' })
  // The demo enterprise's social-insurance roster: the enterprise talent subsidy checks the employees listed against it.
  await registries.put('social-insurance', demo.uscc, {
    employer: '广州示范科技有限公司',
    employees: [
      { name: '李明', id_last4: '123X', insurance_months: 6 },
      { name: '王芳', id_last4: '4567', insurance_months: 3 },
    ],
  })
}
