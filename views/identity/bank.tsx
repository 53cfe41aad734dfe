import { t } from '../../src/lib/i18n/index.js'
import { TextField, SelectField, type FieldErrors, type FormValues } from '../components/form.js'
import { BANKS } from '../../src/modules/identity/labels.js'

/** 开户银行 and account number, shared by 实名认证 and the account page. */
export function BankFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <SelectField
        name="bank_name"
        label={t('开户银行')}
        value={values.bank_name}
        error={errors.bank_name}
        placeholder={t('请选择')}
        options={BANKS.map((b) => ({ value: b, label: t(b) }))}
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
