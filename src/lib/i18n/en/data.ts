import type { Catalogue } from './types.js'

/** Issue 19 (data travels): registries, rules and 秒批, certificates, tell us once, enterprise checks. */
export default {
  // tell us once
  草稿不存在或已提交: 'The draft does not exist or has already been submitted',
  没有可复用的已核验材料: 'There is no verified material to reuse',
  请上传该材料: 'Please upload this material',
  '已使用经工作人员核验的材料，无需重新上传。': 'The material verified by staff is used; there is no need to upload it again.',
  '无需重新上传：您在办件 {ref} 中提交的“{file}”已于 {date} 经工作人员核验，可直接使用。':
    'No need to upload again: “{file}”, which you submitted in case {ref}, was verified by staff on {date} and can be used as it is.',
  使用已核验的材料: 'Use the verified material',
  '复用自办件 {ref}（已经工作人员核验，B级）': 'Reused from case {ref} (verified by staff, level B)',
  '复用的已核验材料（一次告知）': 'Verified materials reused (tell us once)',
  '复用自办件 {ref}，由{who}于 {date} 核验': 'reused from case {ref}, verified by {who} on {date}',
  '{name}（工号 {no}）': '{name} (staff no. {no})',
  工作人员: 'staff',
  查看原办件: 'Open the earlier case',
  '全部条件已经政务数据核验，您的申请已即时办结（秒批），电子证照见下方。':
    'Every condition was verified with government data: your application was decided at once (instant approval); the certificate is below.',
  // enterprise checks
  请先选择您代办的企业: 'First choose the enterprise you act for',
  已获取: 'received',
  '未查到记录，将由工作人员人工核实': 'no record found; staff will check by hand',
  未授权: 'not authorised',
  '暂时无法获取，将由工作人员人工核实（不影响提交）': 'not available right now; staff will check by hand (you can still submit)',
  '政务数据共享（企业）': 'Government data sharing (enterprise)',
  '（登记状态：{status}）': ' (registration status: {status})',
  申报人员社保核验: 'Social insurance of the employees listed',
  姓名: 'Name',
  身份证号后4位: 'Last 4 of ID number',
  在本企业参保: 'Insured with this enterprise',
  '是，已缴 {n} 个月': 'yes, {n} months paid',
  未查到: 'not found',
  '填写引进人才名单并保存草稿后，这里显示每人在本企业的参保情况。':
    'Fill in the list of recruited talent and save the draft: each person’s social insurance with this enterprise then shows here.',
  '以企业名义授权后，我们向市场监管部门查询企业登记状态，向人社部门核对申报人员在本企业的参保情况（每次查询都会记录）。':
    'Once you authorise on behalf of the enterprise, we ask the market regulator for its registration status and the human-resources and social-security bureau whether the listed employees are insured with it (every look-up is recorded).',
  以企业名义授权查询: 'Authorise look-ups on behalf of the enterprise',
  学历学位信息: 'Education and degree records',
  社会保险参保信息: 'Social-insurance records',
  失信被执行人信息: 'Dishonest judgment-debtor list',
  市场主体登记信息: 'Market-entity registration',
  '以企业名义的授权：{name}': 'Authorisation on behalf of the enterprise: {name}',
  '企业登记状态（市场监管部门）和申报人员在本企业的参保情况（人社部门），用于企业引才补贴。':
    'The enterprise’s registration status (market regulator) and whether the employees listed are insured with it (human-resources and social-security bureau), for the enterprise talent subsidy.',
  撤回企业授权: 'Withdraw the enterprise’s authorisation',
  以企业名义授权: 'Authorise on behalf of the enterprise',
  // decision trace data
  最高学历: 'Highest education',
  最高学位: 'Highest degree',
  毕业院校: 'School',
  本市社保缴纳月数: 'Months of social insurance in the city',
  参保单位: 'Insured with',
  列入失信被执行人名单: 'On the dishonest judgment-debtor list',
  企业登记状态: 'Enterprise registration status',
  企业名称: 'Enterprise name',
  申报的引进人才人数: 'Recruited talent listed',
  其中未在本企业参保的人数: 'Of them, not insured with the enterprise',
} satisfies Catalogue
