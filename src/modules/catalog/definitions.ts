/** Declarative service definitions: the guide a citizen reads and the form they fill. */
export interface FormField {
  name: string
  label: string
  type: 'text' | 'select' | 'date' | 'month' | 'number' | 'textarea' | 'payee' | 'employees'
  required: boolean
  help?: string
  options?: string[]
  min?: number
  max?: number
  maxLength?: number
  /** Dates: may not be in the future. */
  notFuture?: boolean
  pattern?: string
  patternMessage?: string
  /** What to show for each option (same order as `options`) when it differs from the value: the English page. */
  optionLabels?: string[]
  /** The field's English (from services.en, attached when the catalogue is read; decision 0220). */
  en?: FieldEnglish
}
export interface FieldEnglish {
  label: string
  help?: string
  options?: string[]
  patternMessage?: string
}
export interface Material {
  key: string
  label: string
  required: boolean
  hint: string
}
export interface Guide {
  summary: string
  legalBasis: string[]
  conditions: string[]
  fee: string
  channels: string
  phone: string
  processSteps: string[]
}
export interface FormDefinition {
  fields: FormField[]
  materials: Material[]
}
/**
 * A service's English, stored beside the Chinese (services.en): the texts only, by field name and
 * material key. Option *labels* are translated; the values submitted and stored stay the Chinese ones.
 */
export interface ServiceEnglish {
  name: string
  category: string
  guide: Guide
  fields: Record<string, FieldEnglish>
  materials: Record<string, { label: string; hint: string }>
}
export interface ServiceDefinition {
  code: string
  name: string
  category: string
  applicantKind: 'citizen' | 'enterprise'
  timeLimitDays: number
  isSubsidy: boolean
  refPrefix: string
  guide: Guide
  form: FormDefinition
  en?: ServiceEnglish
}

const EDUCATION = ['博士研究生', '硕士研究生', '大学本科', '大学专科', '中等职业教育']
const DEGREE = ['博士', '硕士', '学士', '无学位']
const TALENT_CATEGORY = [
  'A类（国内外顶尖人才）',
  'B类（国家级领军人才）',
  'C类（地方级领军人才）',
  'D类（地方高级人才）',
  'E类（青年后备人才）',
]

export const DEMO_SERVICES: ServiceDefinition[] = [
  {
    code: 'talent-registration',
    name: '人才认定/登记',
    category: '人才认定',
    applicantKind: 'citizen',
    timeLimitDays: 10,
    isSubsidy: false,
    refPrefix: 'RC',
    guide: {
      summary: '在本市就业创业的各类人才，按人才分类目录申请认定，认定后可享受安居、子女入学等配套服务。',
      legalBasis: ['《市高层次人才认定办法》', '《市人才分类目录（2026年版）》'],
      conditions: [
        '在本市依法注册的用人单位全职工作，或在本市自主创业',
        '在本市连续缴纳社会保险满3个月（E类）或符合分类目录相应条件',
        '遵纪守法，无严重失信记录',
      ],
      fee: '免费',
      channels: '网上办理（全程网办）；也可到市人才服务中心窗口办理',
      phone: '12333',
      // The steps the portal really takes (lifecycle.ts MILESTONES): the case page shows each with its date or expected date.
      processSteps: [
        '在线申请',
        '受理（提交后1个工作日内；材料不全的，一次性告知需补正的全部内容，补正齐全即受理）',
        '审核决定（受理次日起10个工作日内，结果以站内信和短信告知）',
      ],
    },
    form: {
      fields: [
        { name: 'education', label: '最高学历', type: 'select', required: true, options: EDUCATION },
        { name: 'degree', label: '最高学位', type: 'select', required: true, options: DEGREE },
        { name: 'school', label: '毕业院校', type: 'text', required: true, maxLength: 60 },
        { name: 'major', label: '所学专业', type: 'text', required: true, maxLength: 60 },
        { name: 'graduation_date', label: '毕业时间', type: 'date', required: true, notFuture: true },
        { name: 'employer', label: '工作单位（名称或统一社会信用代码）', type: 'text', required: true, maxLength: 60 },
        { name: 'position', label: '职务/岗位', type: 'text', required: true, maxLength: 40 },
        { name: 'talent_category', label: '申请认定类别', type: 'select', required: true, options: TALENT_CATEGORY },
        { name: 'arrival_date', label: '来本市工作时间', type: 'date', required: true, notFuture: true },
        {
          name: 'insurance_months',
          label: '本市社保连续缴纳月数',
          type: 'number',
          required: true,
          min: 0,
          max: 600,
          help: '可在“社保查询”中查看',
        },
      ],
      materials: [
        {
          key: 'degree_certificate',
          label: '学历学位证书',
          required: true,
          hint: '毕业证和学位证扫描件或照片，PDF/JPG/PNG，单个不超过10MB',
        },
        { key: 'labour_contract', label: '劳动合同', required: true, hint: '与现单位签订的劳动合同首页和签字页' },
      ],
    },
  },
  {
    code: 'housing-subsidy',
    name: '人才安居补贴',
    category: '人才补贴',
    applicantKind: 'citizen',
    timeLimitDays: 15,
    isSubsidy: true,
    refPrefix: 'AJ',
    guide: {
      summary: '已认定的人才在本市租房居住的，按月申领安居补贴，每月最高3000元，按季度发放至本人银行账户。',
      legalBasis: ['《市人才安居办法》第十二条'],
      conditions: ['已取得本市人才认定', '本人及配偶在本市无自有住房', '在本市租房并签订租赁合同'],
      fee: '免费',
      channels: '网上办理（全程网办）',
      phone: '12333',
      processSteps: [
        '在线申请',
        '受理（提交后1个工作日内；材料不全的，一次性告知需补正的全部内容，补正齐全即受理）',
        '审核决定（受理次日起15个工作日内，含住房核查）',
        '补贴发放至本人实名认证的银行账户',
      ],
    },
    form: {
      fields: [
        {
          name: 'monthly_amount',
          label: '每月申领金额（元）',
          type: 'number',
          required: true,
          min: 1,
          max: 3000,
          help: '政策上限为每月3000元，且不超过月租金',
        },
        { name: 'period_start', label: '申领起始月份', type: 'month', required: true },
        { name: 'period_months', label: '申领月数', type: 'number', required: true, min: 1, max: 12 },
        { name: 'rental_address', label: '租住地址', type: 'text', required: true, maxLength: 100 },
        {
          name: 'payee',
          label: '收款账户',
          type: 'payee',
          required: true,
          help: '补贴发放至您实名认证的银行账户；如需更换请在个人中心修改',
        },
      ],
      materials: [
        { key: 'rental_contract', label: '房屋租赁合同', required: true, hint: '含出租人、租期、租金的页面，PDF/JPG/PNG，单个不超过10MB' },
      ],
    },
  },
  {
    code: 'enterprise-talent-subsidy',
    name: '企业引才补贴',
    category: '企业服务',
    applicantKind: 'enterprise',
    timeLimitDays: 20,
    isSubsidy: true,
    refPrefix: 'QY',
    guide: {
      summary: '企业新引进全职人才的，按每人1万元给予引才补贴，每家企业每年最多50人。由企业经办人申请。',
      legalBasis: ['《市促进企业引才若干措施》第五条'],
      conditions: ['在本市依法注册的企业', '引进人才与企业签订1年以上劳动合同并在本市缴纳社保', '申请人须为企业认证的经办人'],
      fee: '免费',
      channels: '网上办理（全程网办）',
      phone: '12333',
      processSteps: [
        '经办人在线申请',
        '受理（提交后1个工作日内；材料不全的，一次性告知需补正的全部内容，补正齐全即受理）',
        '审核决定（受理次日起20个工作日内，含社保比对）',
        '补贴拨付',
      ],
    },
    form: {
      fields: [
        {
          name: 'employees',
          label: '引进人才名单',
          type: 'employees',
          required: true,
          help: '每行一人：姓名,身份证号后4位,入职日期（YYYY-MM-DD），最多50行',
        },
        { name: 'contact_name', label: '企业联系人', type: 'text', required: true, maxLength: 30 },
        {
          name: 'contact_phone',
          label: '联系电话',
          type: 'text',
          required: true,
          pattern: '^1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$',
          patternMessage: '请填写手机号码或带区号的固定电话',
        },
        {
          name: 'company_account',
          label: '企业对公账户',
          type: 'text',
          required: true,
          pattern: '^\\d{10,25}$',
          patternMessage: '对公账户应为10至25位数字',
        },
      ],
      materials: [{ key: 'contracts', label: '劳动合同及社保缴费证明（合并为一个PDF）', required: true, hint: 'PDF，单个不超过10MB' }],
    },
  },
]

export const CATEGORIES = ['人才认定', '人才补贴', '企业服务', '政策咨询']
