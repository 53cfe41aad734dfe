import type { Catalogue } from './types.js'

/** Issue 20, the citizen's experience: dashboard, steps, forgot password, navigation, footer, forms, care mode. */
export default {
  // dashboard (我的)
  实名认证成功: 'Real-name verification complete',
  登录成功: 'Signed in',
  '{name}，您的实名信息已核验，现在可以在线申请下列服务。':
    '{name}, your identity has been verified. You can now apply online for the services below.',
  '欢迎回来。下面是您的待办事项和可办理的服务。': 'Welcome back. Here are your to-dos and the services you can apply for.',
  下一步: 'Next step',
  '完成实名认证后即可申请。实名认证只需一次，约2分钟，全程通用。':
    'Verify your real name to start applying. You do it once, it takes about 2 minutes, and it covers every service.',
  去实名认证: 'Verify my identity',
  '有 {n} 件办件需要您补正材料，补正后审核继续进行。':
    '{n} application(s) need more documents from you. The review continues once you supply them.',
  去补正材料: 'Supply the documents',
  '您有未提交的草稿，可继续填写后提交。': 'You have a draft that has not been submitted. You can continue filling it in and submit it.',
  继续填写: 'Continue',
  待办事项: 'To-dos',
  '暂无待办。需要办理业务时，从下方“可办理的服务”开始。':
    'Nothing to do. To apply for something, start from “Services you can apply for” below.',
  '补正材料：{service}': 'Documents requested: {service}',
  办结期限: 'Decision due',
  '草稿：{service}': 'Draft: {service}',
  '保存于 {at}': 'Saved {at}',
  '办理中：{service}': 'In progress: {service}',
  '{n} 条未读消息': '{n} unread message(s)',
  我的电子证照: 'My e-certificates',
  有效: 'Valid',
  已撤销: 'Revoked',
  已过期: 'Expired',
  '暂无电子证照。人才认定办结后，证书会出现在这里。':
    'No e-certificates yet. Once a talent registration is approved, its certificate appears here.',
  我的: 'My portal',
  '{name}，您好': 'Hello, {name}',
  '您好，欢迎使用人才一站式网上办事大厅': 'Hello, welcome to the Talent One-Stop Online Service Hall',
  办事进度: 'Your progress',
  可办理的服务: 'Services you can apply for',
  实名认证后可申请: 'Available after verification',
  需企业认证: 'Needs enterprise verification',
  可申请: 'Open to you',
  账号与安全: 'Account and security',
  账号设置: 'Account settings',
  登录设备: 'Signed-in devices',
  我的数据: 'My data',
  企业认证: 'Enterprise verification',
  // steps
  已完成: 'done',
  注册账号: 'Register',
  实名认证: 'Verify identity',
  在线申请: 'Apply online',
  查看结果: 'Get the result',
  填写申请: 'Fill in',
  核对信息: 'Check',
  提交成功: 'Submitted',
  // navigation
  主导航: 'Main navigation',
  首页: 'Home',
  办事服务: 'Services',
  我的办件: 'My applications',
  消息: 'Messages',
  '{n}条未读': '{n} unread',
  '退出（{phone}）': 'Sign out ({phone})',
  登录: 'Sign in',
  注册: 'Register',
  // forgot password
  找回密码: 'Reset your password',
  '向注册手机号发送验证码，验证后设置新密码。设置成功后，所有已登录的设备都会退出登录。':
    'We send a code to your registered mobile number; with it you set a new password. Every device signed in to your account is then signed out.',
  注册手机号: 'Registered mobile number',
  获取短信验证码: 'Send me a code',
  '验证码5分钟内有效，每60秒可获取一次': 'The code is valid for 5 minutes; you can ask for one every 60 seconds',
  短信验证码: 'SMS code',
  新密码: 'New password',
  '至少8位，须同时包含字母和数字': 'At least 8 characters, with both letters and digits',
  重置密码: 'Reset password',
  '想起密码了？去登录': 'Remembered it? Sign in',
  '如果该手机号已注册，验证码已发送，请查收短信（5分钟内有效）':
    'If this number is registered, a code has been sent to it by SMS (valid for 5 minutes)',
  '密码已重置，所有设备均已退出登录。请用新密码登录。':
    'Your password has been reset and every device signed out. Sign in with the new password.',
  '忘记密码？': 'Forgot your password?',
  '验证码不正确或已失效，请重新获取': 'The code is wrong or no longer valid. Please ask for a new one',
  // empty states, messages, human-readable values
  '您还没有办件。在“办事服务”中找到要办的事项，按指南准备材料后即可在线申请。':
    'You have no applications yet. Find what you need under “Services”, prepare the documents its guide lists, and apply online.',
  去办事服务: 'Go to Services',
  '暂无消息。办件有进展时，通知会出现在这里。': 'No messages. When one of your applications moves on, the notice appears here.',
  查看详情: 'View details',
  标为已读: 'Mark as read',
  '工作人员 {no}': 'Staff {no}',
  '用户（编号 {id}）': 'User (no. {id})',
  系统: 'System',
  未登录访客: 'Visitor (not signed in)',
  其他: 'Other',
  // government footer
  党政机关网站标识: 'Party and government agency website mark',
  '主办单位：': 'Organised by: ',
  '网站标识码：': 'Website ID: ',
  '人才一站式网上办事大厅：人才认定、人才补贴、企业引才等事项在线申请，进度随时可查。':
    'Talent One-Stop Online Service Hall: apply online for talent registration, talent subsidies and enterprise recruitment subsidies, and follow your application at any time.',
  人才一站式网上办事大厅: 'Talent One-Stop Online Service Hall',
} satisfies Catalogue
