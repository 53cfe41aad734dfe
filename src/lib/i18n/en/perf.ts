import type { Catalogue } from './types.js'

/** Issue 21: the 排队 (queue) page of admission control (src/middleware/admission.ts). */
export default {
  正在排队: 'You are in the queue',
  '正在排队，请稍候': 'In the queue, please wait',
  立即重试: 'Try again now',
  返回我的办件: 'Back to my applications',
  '所选文件未能送达，请返回上一页重新选择文件后提交。':
    'The files you chose did not reach us. Please go back, choose them again and submit.',
  '当前办理人数较多，您的请求还没有被处理，也不会丢失。请不要关闭本页，系统将在 {n} 秒后自动重试。':
    'Many people are using the service right now. Your request has not been processed yet, and nothing is lost. Please keep this page open: it tries again by itself in {n} seconds.',
} satisfies Catalogue
