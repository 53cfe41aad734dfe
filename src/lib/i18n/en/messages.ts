import type { Catalogue } from './types.js'

/**
 * Messages to citizens composed in their own language at send time (in-site, SMS, mail: decision
 * 0255), and the English versions of stored policy texts (privacy policy, security notices).
 */
export default {
  // a staff decision, told to the applicant
  '办件 {ref} 已受理，承诺时限 {limit} 个工作日。': 'Case {ref} has been accepted. We will decide within {limit} working days.',
  请补正材料: 'We need more information',
  '办件 {ref} 需要补正：{items}。{reason}': 'Case {ref}: please send us {items}. {reason}',
  您的申请已通过: 'Your application has been approved',
  '办件 {ref} 审核通过。': 'Case {ref} has been approved.',
  '补贴将按规定发放至您的收款账户。': 'The subsidy will be paid into your bank account.',
  您的申请不予受理: 'Your application cannot be accepted',
  '办件 {ref} 不予受理，理由：{reason}；依据：{basis}。如有异议可申请行政复议或提起行政诉讼。':
    'Case {ref} cannot be accepted. Reason: {reason}. Legal basis: {basis}. If you disagree, you can apply for an administrative review or bring an administrative lawsuit.',
  您的申请未通过: 'Your application was not approved',
  '办件 {ref} 未通过，理由：{reason}。如有异议可申请行政复议。':
    'Case {ref} was not approved. Reason: {reason}. If you disagree, you can apply for an administrative review.',
  '办件 {ref} 的审核通过决定已撤销，理由：{reason}。如有异议可申请行政复议。':
    'The approval of case {ref} has been withdrawn. Reason: {reason}. If you disagree, you can apply for an administrative review.',
  '办件 {ref} 经系统核验符合全部条件，已即时受理并审核通过（秒批）。':
    'Case {ref} meets every condition, checked against official records, so it was accepted and approved straight away (instant approval).',
  '办件 {ref} 的补贴 {amount} 元已于 {date} 发放至 {account}。':
    'The subsidy for case {ref}, {amount} yuan, was paid on {date} into {account}.',
  您的账户: 'your account',

  // stored policy texts in English (admin forms, public pages)
  '英文版（选填）': 'English version (optional)',
  '填写后，英文页面显示英文版，并注明以中文版本为准；不填写则英文页面显示中文原文。':
    'If you fill this in, the English site shows it, with a note that the Chinese version is the legally binding one. If you leave it empty, the English site shows the Chinese text.',
  英文标题: 'Title in English',
  英文变更摘要: 'Summary of changes in English',
  英文全文: 'Full text in English',
  '发生了什么（英文）': 'What happened, in English',
  '涉及的数据类别（英文）': 'Types of data involved, in English',
  '可能的影响（英文）': 'Possible impact, in English',
  '已采取的措施（英文）': 'What we have done, in English',
  '用户可采取的防范措施（英文）': 'What users can do to protect themselves, in English',
  '补救措施（英文）': 'Remedies, in English',
  '请填写英文标题（或清空全部英文内容）': 'Enter the title in English, or leave all the English fields empty',
  '请填写英文变更摘要（或清空全部英文内容）': 'Enter the summary of changes in English, or leave all the English fields empty',
  '请填写英文全文（或清空全部英文内容）': 'Enter the full text in English, or leave all the English fields empty',
  '请同时填写此项的英文（或清空全部英文内容）': 'Enter this in English as well, or leave all the English fields empty',
  '英文译本仅供参考，以中文版本为准。':
    'This English translation is provided for your convenience. The Chinese version is the legally binding text.',
  '（本版本未发布英文版，以下为中文原文。）': 'English version not published. The Chinese text below is the version in force.',
  '（本公告未发布英文版，以下为中文原文。）': 'English version not published. The notice below is in Chinese.',
  '安全事件告知：': 'Security incident notice: ',
} satisfies Catalogue
