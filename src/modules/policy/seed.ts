import type { Services } from '../../services.js'
import { toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'

const INITIAL_POLICY_VERSION = '2026.1'

/**
 * The first privacy-policy version, in Chinese (the binding text) with its English translation:
 * present in every installation. A database seeded before the English existed gets it on start,
 * as long as its baseline text is unchanged (idempotent; decision 0255).
 */
export async function seedPolicyBaseline(services: Services) {
  const { db, clock } = services.deps
  const existing = await repo.firstPolicy(db)
  if (existing) {
    if (existing.version === INITIAL_POLICY_VERSION && existing.body === POLICY_BODY && !existing.en)
      await repo.setPolicyEnglish(db, existing.id, JSON.stringify(POLICY_EN))
    return
  }
  const now = toTimestamp(clock.now())
  await repo.insertPolicy(db, {
    version: INITIAL_POLICY_VERSION,
    title: '人才一站式网上办事大厅隐私政策',
    summary:
      '我们仅收集办理业务所必需的个人信息；身份证号、银行账号加密存储并脱敏展示；工作人员每次查看均留痕并可由您查询；您可随时查阅、导出、更正个人信息，撤回可选授权，并可在线或到窗口注销账号。',
    body: POLICY_BODY,
    material: 1,
    publishedAt: now,
    effectiveAt: now,
    publishedBy: null,
    en: JSON.stringify(POLICY_EN),
  })
}

const POLICY_BODY = `一、我们收集哪些信息
注册：手机号码（用于登录和接收办件通知）。实名认证：姓名、公民身份号码、开户银行及银行账号（用于核验身份和发放补贴）。企业认证：企业名称、统一社会信用代码、法定代表人姓名及身份号码。办理业务：各服务申请表所列信息及材料。可选信息（位置、分析类 Cookie、满意度回访短信）仅在您同意后收集，拒绝不影响基本服务。

二、我们如何使用和保护信息
身份证号和银行账号使用 AES-256-GCM 加密存储，页面上脱敏显示。工作人员查看您的完整信息须说明用途，每次查看均记入审计日志，您可在“谁访问了我的数据”中查询。

三、您的权利
您可以查阅、导出、更正您的个人信息，撤回可选授权，查询访问记录，并可在线或到服务窗口注销账号。我们在15日内答复您的请求。注销后15个工作日内删除或匿名化您的个人信息，法律法规要求保存的记录（如补贴发放记录）除外。

四、委托处理
短信服务商（手机号、通知内容，用于发送验证码和通知）、邮件服务商（邮箱、通知内容）、身份核验服务（姓名、身份号码，用于实名认证）。

五、联系我们
个人信息保护负责人：privacy@talent.gov.example，电话 12333（工作日 9:00–17:00）。您也可以向网信、公安等监管部门投诉举报。`

/** The baseline's English (a translation for convenience; the Chinese above is the binding text). */
const POLICY_EN = {
  title: 'Privacy policy of the Talent One-Stop Online Service Hall',
  summary:
    'We collect only the personal information needed to provide our services. Identity numbers and bank account numbers are stored encrypted and shown masked. Every time a member of staff views your information it is recorded, and you can check who did. You can see, download and correct your information, withdraw optional consent and close your account online or at a service counter at any time.',
  body: `1. What information we collect
Registration: your mobile number (to sign in and to get updates on your applications). Identity verification: your name, citizen identity number, bank and bank account number (to confirm who you are and to pay subsidies). Enterprise verification: the enterprise's name, unified social credit code, and the name and identity number of its legal representative. Applications: the information and documents each service's application form asks for. Optional information (location, analytics cookies, follow-up satisfaction text messages) is collected only with your consent. Saying no does not affect the basic services.

2. How we use and protect your information
Identity numbers and bank account numbers are stored encrypted with AES-256-GCM and shown masked on screen. Staff must give a reason before they can see your full details, and every view is recorded in the audit log. You can check this under "Who accessed my data".

3. Your rights
You can see, download and correct your personal information, withdraw optional consent, check who has accessed your information, and close your account online or at a service counter. We reply to your request within 15 days. When you close your account, we delete or anonymise your personal information within 15 working days, except records the law requires us to keep (such as records of subsidy payments).

4. Processing on our behalf
Text message provider (mobile number and message content, to send codes and updates), email provider (email address and message content), identity verification service (name and identity number, to verify your identity).

5. Contact us
Personal information protection officer: privacy@talent.gov.example, telephone 12333 (working days 9:00 to 17:00). You can also complain to the regulators, such as the cyberspace administration or the public security authorities.`,
}
