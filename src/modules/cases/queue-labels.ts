/** Plain constants of the queue (views list them, the queue service checks them). */

/** The queue's orders: newest first, longest waiting first, earliest deadline first, by status in lifecycle order. */
export const QUEUE_SORTS = ['received', 'waiting', 'deadline', 'status'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

/** The filter keys of /staff/cases a saved filter keeps (never a cursor). */
export const SAVED_FILTER_KEYS = ['status', 'service', 'assignee', 'channel', 'overdue', 'near', 'q', 'sort'] as const

/** Why a staff member looks cases up by a person's ID number or name (audited; the citizen sees it). */
export const SEARCH_PURPOSES = ['申请人来电或来访咨询', '核对申请人的其他办件', '投诉或信访核查', '其他（须说明）']
