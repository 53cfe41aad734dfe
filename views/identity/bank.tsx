import { t } from '../../src/lib/i18n/index.js'
import { TextField, SelectField, type FieldErrors, type FormValues } from '../components/form.js'

/** 开户银行 and account number, shared by 实名认证 and the account page. */
export const BANK_OPTIONS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '中信银行',
  '中国光大银行',
  '华夏银行',
  '中国民生银行',
  '广发银行',
  '平安银行',
  '兴业银行',
  '上海浦东发展银行',
  '农村商业银行',
  '其他银行',
]

export function BankFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <SelectField
        name="bank_name"
        label={t('开户银行')}
        value={values.bank_name}
        error={errors.bank_name}
        placeholder={t('请选择')}
        options={BANK_OPTIONS.map((b) => ({ value: b, label: t(b) }))}
      />
      <TextField
        name="bank_account"
        label={t('银行账号')}
        inputmode="numeric"
        maxlength={30}
        value={values.bank_account}
        error={errors.bank_account}
        hint={t('本人名下的借记卡或存折账号，12至19位数字，用于发放补贴')}
      />
    </>
  )
}
