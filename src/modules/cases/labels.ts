/** Choices staff pick from (views list them, the service checks them). */
export const REVEAL_PURPOSES = ['核对申请人身份', '核对收款账户', '补贴发放', '投诉核查', '其他（须说明）']
export const COUNTER_CHECKS = ['身份证读卡器', '证件人工核验', '人脸比对']
