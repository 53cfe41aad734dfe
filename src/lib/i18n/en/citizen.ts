import type { Catalogue } from './types.js'

/** Citizens' and operators' pages (issue 20): what the other catalogues did not yet cover. */
export default {
  发布日期: 'Published',
  // notes the system stores in Chinese, read back in English (views/components/tx.tsx Note)
  '秒批：全部{n}项条件经政务数据核验符合（规则版本 {version}）':
    'Instant approval: all {n} conditions were confirmed with government data (rule version {version})',
  '秒批：自动受理': 'Instant approval: accepted automatically',
  '补贴已发放 {amount} 元': 'Subsidy of {amount} yuan paid',
  '提交后由工作人员审核，将重点核实上面未符合或待核实的条件。':
    'After you submit, a member of staff will review your application, checking closely the conditions above that are not met or still to be checked.',
  '提交后由工作人员审核。': 'After you submit, a member of staff will review your application.',
  // the enterprise talent subsidy's rules (src/modules/rules/sets), shown to the operator who applies
  企业登记状态为存续: 'The enterprise is registered and active',
  '《市促进企业引才若干措施》第五条（在本市依法注册的企业）':
    'Measures to Help Enterprises Attract Talent, article 5 (enterprises lawfully registered in the city)',
  申报的引进人才均在本企业缴纳社会保险: 'Every person listed pays social insurance through the enterprise',
  '《市促进企业引才若干措施》第五条（引进人才在本市缴纳社保）':
    'Measures to Help Enterprises Attract Talent, article 5 (the people recruited pay social insurance in the city)',
} satisfies Catalogue
