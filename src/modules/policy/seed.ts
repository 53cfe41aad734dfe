import type { Services } from '../../services.js'
import { toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'

const INITIAL_POLICY_VERSION = '2026.1'

/** The first privacy-policy version: present in every installation. */
export async function seedPolicyBaseline(services: Services) {
  const { db, clock } = services.deps
  if (await repo.anyPolicy(db)) return
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
