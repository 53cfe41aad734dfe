import type { ServiceEnglish } from './definitions.js'

const ACCEPTANCE =
  'Acceptance (within 1 working day of submission; if anything is missing, you are told everything that needs adding at once, and the application is accepted as soon as it is complete)'

/** The demo services in English (stored in services.en by seedCatalog; decision 0220). */
export const DEMO_ENGLISH: Record<string, ServiceEnglish> = {
  'talent-registration': {
    name: 'Talent recognition and registration',
    category: 'Talent recognition',
    guide: {
      summary:
        'Talent working or starting a business in the city can apply to be recognised under the talent classification catalogue. Recognised talent can use housing, school admission and other support services.',
      legalBasis: ['Measures for the Recognition of High-Level Talent (city)', 'City Talent Classification Catalogue (2026 edition)'],
      conditions: [
        'You work full time for an employer registered in the city, or run your own business in the city',
        'You have paid social insurance in the city for 3 months in a row (category E), or meet the conditions of your category',
        'You have no record of serious breach of trust',
      ],
      fee: 'Free',
      channels: 'Online (the whole process); or in person at the City Talent Service Centre',
      phone: '12333',
      processSteps: ['Apply online', ACCEPTANCE, 'Decision (within 10 working days of acceptance; you are told by message and SMS)'],
    },
    fields: {
      education: {
        label: 'Highest level of education',
        options: ['Doctoral', "Master's", "Bachelor's", 'Associate (college)', 'Secondary vocational'],
      },
      degree: { label: 'Highest degree', options: ['Doctorate', "Master's degree", "Bachelor's degree", 'No degree'] },
      school: { label: 'University or college' },
      major: { label: 'Subject studied' },
      graduation_date: { label: 'Graduation date' },
      employer: { label: 'Employer (name or unified social credit code)' },
      position: { label: 'Job title or post' },
      talent_category: {
        label: 'Category applied for',
        options: [
          'Category A (world-leading talent)',
          'Category B (national leading talent)',
          'Category C (local leading talent)',
          'Category D (local senior talent)',
          'Category E (young talent)',
        ],
      },
      arrival_date: { label: 'Date you started working in the city' },
      insurance_months: {
        label: 'Months of social insurance paid in the city without a break',
        help: 'You can find this under "Social insurance records"',
      },
    },
    materials: {
      degree_certificate: {
        label: 'Degree and graduation certificates',
        hint: 'Scans or photos of your graduation and degree certificates, PDF/JPG/PNG, up to 10 MB each',
      },
      labour_contract: {
        label: 'Employment contract',
        hint: 'The first page and the signature page of your contract with your current employer',
      },
    },
  },
  'housing-subsidy': {
    name: 'Talent housing subsidy',
    category: 'Talent subsidies',
    guide: {
      summary:
        'Recognised talent renting a home in the city can claim a monthly housing subsidy of up to ¥3,000, paid quarterly into their own bank account.',
      legalBasis: ['City Talent Housing Measures, Article 12'],
      conditions: [
        'You have been recognised as talent in the city',
        'Neither you nor your spouse owns a home in the city',
        'You rent a home in the city under a tenancy agreement',
      ],
      fee: 'Free',
      channels: 'Online (the whole process)',
      phone: '12333',
      processSteps: [
        'Apply online',
        ACCEPTANCE,
        'Decision (within 15 working days of acceptance, including a housing check)',
        'Subsidy paid into your verified bank account',
      ],
    },
    fields: {
      monthly_amount: {
        label: 'Amount claimed per month (¥)',
        help: 'The policy limit is ¥3,000 a month, and no more than your monthly rent',
      },
      period_start: { label: 'First month claimed' },
      period_months: { label: 'Number of months' },
      rental_address: { label: 'Address of the rented home' },
      payee: {
        label: 'Bank account for payment',
        help: 'The subsidy is paid into your verified bank account; to change it, go to Your account',
      },
    },
    materials: {
      rental_contract: {
        label: 'Tenancy agreement',
        hint: 'The pages showing the landlord, the term and the rent, PDF/JPG/PNG, up to 10 MB each',
      },
    },
  },
  'enterprise-talent-subsidy': {
    name: 'Employer talent recruitment subsidy',
    category: 'Employer services',
    guide: {
      summary:
        'Employers who recruit full-time talent receive ¥10,000 per person, for up to 50 people a year. The employer’s authorised operator applies.',
      legalBasis: ['Measures to Help Employers Recruit Talent (city), Article 5'],
      conditions: [
        'The employer is registered in the city',
        'Each person recruited has an employment contract of at least 1 year and pays social insurance in the city',
        'The applicant is an operator authorised by the verified employer',
      ],
      fee: 'Free',
      channels: 'Online (the whole process)',
      phone: '12333',
      processSteps: [
        'The operator applies online',
        ACCEPTANCE,
        'Decision (within 20 working days of acceptance, including a social insurance check)',
        'Subsidy paid',
      ],
    },
    fields: {
      employees: {
        label: 'People recruited',
        help: 'One person per line: name, last 4 characters of ID number, start date (YYYY-MM-DD); up to 50 lines',
      },
      contact_name: { label: 'Contact person' },
      contact_phone: { label: 'Contact phone number', patternMessage: 'Enter a mobile number or a landline number with its area code' },
      company_account: { label: 'Employer’s corporate bank account', patternMessage: 'A corporate account number has 10 to 25 digits' },
    },
    materials: {
      contracts: {
        label: 'Employment contracts and social insurance records (in one PDF)',
        hint: 'PDF, up to 10 MB',
      },
    },
  },
}
