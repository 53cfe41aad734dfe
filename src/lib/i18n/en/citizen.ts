import type { Catalogue } from './types.js'

/** Citizens' and operators' pages (issue 20): what the other catalogues did not yet cover. */
export default {
  '：': ': ',
  // the enterprise talent subsidy's rules (src/modules/rules/sets), shown to the operator who applies
  企业登记状态为存续: 'The enterprise is registered and active',
  '《市促进企业引才若干措施》第五条（在本市依法注册的企业）':
    'Measures to Help Enterprises Attract Talent, article 5 (enterprises lawfully registered in the city)',
  申报的引进人才均在本企业缴纳社会保险: 'Every person listed pays social insurance through the enterprise',
  '《市促进企业引才若干措施》第五条（引进人才在本市缴纳社保）':
    'Measures to Help Enterprises Attract Talent, article 5 (the people recruited pay social insurance in the city)',
} satisfies Catalogue
