import type { signin as en } from '../en/signin';

export const signin: typeof en = {
  title: '登录坐席工作台',
  username: '用户名',
  password: '密码',
  submit: '登录',
  busy: '正在登录…',
  refused: '用户名或密码错误。',
  throttled: '尝试次数过多，请 {seconds} 秒后再试。',
  noRole: '该用户没有坐席、班长或管理员角色，请联系管理员。',
  noAgent: '该用户没有坐席档案，请联系管理员。',
};
