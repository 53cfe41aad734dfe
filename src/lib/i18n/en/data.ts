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
} satisfies Catalogue
