/** What the privacy center tells people: categories, processors, optional consents, retention. */
export const OPTIONAL_CONSENTS = [
  { key: 'analytics_cookies', label: '分析类 Cookie', purpose: '统计页面访问量以改进网站（不含个人身份信息）' },
  { key: 'sms_surveys', label: '满意度回访短信', purpose: '办结后发送满意度调查短信' },
  { key: 'location', label: '位置信息', purpose: '为您推荐最近的服务窗口（仅在您使用该功能时获取）' },
] as const

export const DATA_CATEGORIES = [
  {
    key: 'account',
    label: '账号信息',
    items: '手机号码、密码（加密散列）、联系邮箱',
    purpose: '登录、接收办件通知',
    basis: '履行服务协议所必需',
    who: '本人；系统管理员不可见',
    retention: '账号存续期间；注销后15个工作日内删除',
  },
  {
    key: 'identity',
    label: '实名信息',
    items: '姓名、身份证号、性别、出生日期、开户银行及账号',
    purpose: '核验身份、发放补贴',
    basis: '法律法规规定的实名办理要求',
    who: '本人；办理您业务的工作人员（脱敏，查看完整号码须说明目的并留痕）',
    retention: '账号存续期间；注销后删除，补贴发放记录按财务规定保存10年（匿名化）',
  },
  {
    key: 'enterprise',
    label: '企业信息',
    items: '企业名称、统一社会信用代码、法定代表人信息、经办人关系',
    purpose: '企业业务办理',
    basis: '企业办事的法定要求',
    who: '企业经办人；办理工作人员',
    retention: '企业存续期间',
  },
  {
    key: 'applications',
    label: '办件与材料',
    items: '申请表内容、上传的材料、办理记录',
    purpose: '办理您申请的业务',
    basis: '依申请的行政行为',
    who: '本人；受理、审核工作人员',
    retention: '办结后按档案规定保存；补贴类匿名保存10年',
  },
  {
    key: 'ratings',
    label: '评价',
    items: '满意度评价及意见',
    purpose: '改进服务、整改差评',
    basis: '政务服务“好差评”制度',
    who: '本人；科室负责人',
    retention: '3年',
  },
  {
    key: 'complaints',
    label: '来电与投诉',
    items: '来电号码、诉求内容、处理与回访记录',
    purpose: '处理您的诉求',
    basis: '信访与投诉处理规定',
    who: '本人；热线坐席',
    retention: '3年',
  },
  {
    key: 'messages',
    label: '站内消息',
    items: '办件通知、安全通知',
    purpose: '告知办理进度',
    basis: '履行服务所必需',
    who: '本人',
    retention: '账号存续期间',
  },
  {
    key: 'consents',
    label: '授权记录',
    items: '隐私政策同意、可选授权的开启与撤回',
    purpose: '证明您的选择',
    basis: '《个人信息保护法》第十四条',
    who: '本人',
    retention: '账号存续期间',
  },
  {
    key: 'logins',
    label: '登录记录',
    items: '登录时间、IP 地址、设备信息',
    purpose: '账号安全',
    basis: '网络安全法定义务',
    who: '本人；安全管理员',
    retention: '会话结束后30天',
  },
]

export const PROCESSORS = [
  { name: '短信服务商', data: '手机号码、短信内容（验证码、办件通知）', purpose: '发送验证码和通知' },
  { name: '邮件服务', data: '邮箱地址、通知内容', purpose: '发送通知邮件' },
  { name: '身份核验服务', data: '姓名、身份证号', purpose: '实名认证（当前仅做号码格式与校验位核验，未对接外部机构）' },
]

export const RETENTION = [
  { what: '短信验证码', keep: '1天' },
  { what: '已过期的登录会话', keep: '30天' },
  { what: '未提交的草稿及材料', keep: '最后修改后180天' },
  { what: '已发送的短信/邮件记录', keep: '30天' },
  { what: '频率限制计数', keep: '2天' },
  { what: '审计日志', keep: '3年（可配置，不少于6个月）' },
  { what: '注销账号的个人信息', keep: '申请后15个工作日内删除（含7天冷静期）' },
  { what: '补贴发放记录', keep: '10年（匿名化）' },
  { what: '数据库备份', keep: '30天滚动，过期后被删除的数据随备份一并消失' },
]

export const CLOSURE_REASONS = ['不再需要本平台服务', '已有其他账号', '担心个人信息安全', '其他']
