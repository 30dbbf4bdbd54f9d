import type { history as en } from '../en/history';

export const history: typeof en = {
  title: '我的交互',
  channel: '渠道',
  state: '状态',
  all: '全部',
  refresh: '刷新',
  when: '最近活动',
  customer: '客户',
  last: '最新',
  outbound: '（外呼）',
  empty: '没有符合条件的交互。',
  page: '第 {page} / {pages} 页',
  newer: '较新',
  older: '较早',
  unavailable: '服务暂不支持列出您的交互（需要 GET /api/agents/me/interactions）。',
};
