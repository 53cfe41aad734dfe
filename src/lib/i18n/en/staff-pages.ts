import type { Catalogue } from './types.js'

/** Staff pages of issue 20 part B: counter (窗口办理), case page details, stats, calendar, rectifications, corrections. */
export default {
  // counter (窗口办理, 帮办代办)
  '窗口办理（帮办代办）': 'Counter service (applying on behalf)',
  '请先核验来办人身份证件，再按身份证号（或来办人提供的办件编号）查询。每次查询均记入审计日志（目的：窗口办理），并在当事人的访问记录中显示。':
    "Check the visitor's identity document first, then look them up by ID number (or by a case reference they give you). Every look-up is recorded in the audit log (purpose: counter service) and shown in the person's access record.",
  身份核验方式: 'How identity was checked',
  '或：办件编号': 'Or: case reference',
  来办人出示办件编号时可按编号查询: 'Use this when the visitor shows a case reference',
  查询: 'Look up',
  '未找到该身份证号对应的账号。可为本人开通已实名的账号（凭已核验的证件），开通后用手机号和短信验证码登录。':
    'No account has this ID number. You can open a verified account for the person (on the document you checked); they then sign in with their mobile number and a text-message code.',
  '手机号码（接收通知，必填）': 'Mobile number (for notifications, required)',
  开通账号: 'Open account',
  账号状态: 'Account status',
  正常: 'Active',
  注销办理中: 'Closure in progress',
  已注销: 'Closed',
  帮办代办: 'Apply on behalf',
  '代为申请：人才认定/登记': 'Apply on their behalf: Talent recognition and registration',
  '代为申请：人才安居补贴': 'Apply on their behalf: Talent housing subsidy',
  受理注销账号: 'Accept an account closure',
  '当事人本人到场、证件已核验时，可代其提交注销申请。':
    'When the person is here in person and their document has been checked, you can submit the closure request for them.',
  '姓名（与证件核对）': 'Name (checked against the document)',
  '备注（核验情况、当事人意愿）': "Notes (how identity was checked, the person's wishes)",
  受理注销申请: 'Accept closure request',
  '帮办代办：{name}': 'Apply on behalf: {name}',
  '本人在窗口，身份核验方式：{method}。提交后以“窗口”渠道进入队列，系统短信通知申请人。':
    'is at the counter in person; identity checked by: {method}. Once submitted, the case joins the queue as a counter case and the applicant gets a text message.',
  未记录: 'not recorded',
  申请人实名认证账户: "the applicant's verified account",
  '{label}（扫描件）': '{label} (scan)',
  代为提交: 'Submit on their behalf',
  身份证读卡器: 'ID card reader',
  证件人工核验: 'Document checked by hand',
  人脸比对: 'Face match',

  // case page
  核对申请人身份: "Check the applicant's identity",
  核对收款账户: 'Check the payee account',
  投诉核查: 'Complaint investigation',
  '收款账户：': 'Payee account: ',
  '（申请人提交时确认的账户，补贴只发放至该账户）':
    ' (the account the applicant confirmed when submitting; the subsidy is paid only into this account)',
  '（申请人当前实名认证账户）': " (the applicant's current verified account)",
  '申领金额 {n} 元；': 'Amount claimed: ¥{n}; ',
  '本次最多发放 {n} 元': 'at most ¥{n} can be paid now',

  // decision trace: the datum's name, then its value as the registry holds it
  '{FACT}：': '{FACT}: ',

  // rectifications (差评整改)
  '评价为“不满意”或“非常不满意”的办件，须在15个工作日内回访申请人并完成整改。':
    'For every case rated "dissatisfied" or "very dissatisfied", call the applicant back and put things right within 15 working days.',
  '暂无整改事项。': 'Nothing to put right.',
  '评分 {score} · 期限 {due}': 'Rating {score} · due {due}',
  待整改: 'To do',
  '申请人意见：': "Applicant's comment: ",
  回访结果: 'Outcome of the call-back',
  整改情况: 'What was done',
  回访并办结: 'Record call-back and close',
  '回访 {at}：': 'Called back {at}: ',
  '；整改：': '; action taken: ',

  // working calendar (工作日历)
  '工作日历 {year}': 'Working calendar {year}',
  '周一至周五为工作日；此处登记法定节假日和调休上班日。办结期限按此计算。':
    'Monday to Friday are working days. Record public holidays and make-up working days here; deadlines are counted from this calendar.',
  日期: 'Date',
  '节假日（不上班）': 'Holiday (office closed)',
  调休上班日: 'Make-up working day',
  恢复为普通日: 'Back to an ordinary day',
  名称: 'Name',
  节假日: 'Holiday',
  调休上班: 'Make-up working day',
  '{holiday}调休上班': '{holiday} make-up working day',
  请选择类型: 'Choose a type',
  '请填写名称，如“国庆节”': 'Enter a name, e.g. "National Day"',
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆节: 'National Day',

  // corrections (更正申请审核)
  '查看申请内容即记入审计日志（对象为申请人）。': 'Opening a request is recorded in the audit log (against the applicant).',
  '暂无待审核的更正申请。': 'No correction requests to review.',
  更正为: 'to be corrected to',
  '（申请人 #{id}，{at}）': ' (applicant #{id}, {at})',
  '理由：': 'Reason: ',
  '核实无误，予以更正': 'Checked: make the correction',
  不予更正: 'Refuse the correction',

  // statistics (统计分析): page, chart and the CSV headers
  件数: 'Cases',
  按期办结率: 'Decided on time',
  '平均办理用时（工作日）': 'Average time taken (working days)',
  '满意率（评价数）': 'Satisfied (ratings)',
  自: 'From',
  至: 'to',
  '下载 CSV': 'Download CSV',
  '每件按发生的那一周计入：收件按提交日，受理按受理日，办结（审核通过或不予通过）按决定日。按期办结：决定日不晚于办结期限（补正期间顺延）。':
    'Each case counts in the week it happened: received on the day it was submitted, accepted on the day it was accepted, decided (approved or rejected) on the day of the decision. On time: decided no later than the deadline (extended while a supplement is awaited).',
  '平均办理用时：受理次日至决定日的工作日，补正等待的工作日不计。满意率：基本满意及以上的评价占比。':
    'Average time taken: working days from the day after acceptance to the decision, not counting days waiting for a supplement. Satisfied: the share of ratings of "fairly satisfied" or better.',
  '各周办件量（全部事项）': 'Cases by week (all services)',
  '各周收件、受理、办结件数（{from} 至 {to}）': 'Cases received, accepted and decided each week ({from} to {to})',
  '周（周一）': 'Week (Monday)',
  '各事项办件量（本期合计）': 'Cases by service (whole period)',
  '各事项收件、受理、办结件数（{from} 至 {to}）': 'Cases received, accepted and decided by service ({from} to {to})',
  '本期没有办件。': 'No cases in this period.',
  各事项各周明细: 'By service and week',
  '周 · 事项': 'Week · service',

  // admin: complaints (the caller's name is shown as entered), policies
  '，{callerPhone}（{createdAt}，{channel}）': ', {callerPhone} ({createdAt}, {channel})',
  '（{callbackSatisfaction}）': ' ({callbackSatisfaction})',
  '· 发布 {publishedAt} · 生效 {effectiveAt}': '· published {publishedAt} · effective {effectiveAt}',
} satisfies Catalogue
