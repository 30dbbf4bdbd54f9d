/**
 * The widget's own strings in English and Chinese: a small catalogue of its own, so that a website's page does not
 * load the console's. Keys of zh-CN are typed from en, so a missing key fails the build.
 */
const en = {
  title: 'Chat with us',
  open: 'Open chat',
  minimise: 'Minimise chat',
  unread: '{n} unread',
  titleAlert: '({n}) New message',
  replyTime: 'We usually reply in {time}.',
  greeting: 'Hi! How can we help you today?',
  // pre-chat
  prechatIntro: 'Tell us who you are (all optional) and start chatting.',
  name: 'Your name',
  phone: 'Phone',
  email: 'Email',
  optional: 'optional',
  start: 'Start chat',
  starting: 'Starting…',
  badName: 'A name has at most 200 characters.',
  badPhone: 'Enter a phone number, e.g. +86 139 1234 5678.',
  badEmail: 'Enter an email address like name@example.com.',
  needContact: 'Enter a phone or an email so that we can answer you.',
  needMessage: 'Write your message.',
  // offline
  offlineIntro: 'Leave us a message and we will answer it.',
  message: 'Your message',
  sendMessage: 'Send message',
  offlineDone: 'Thank you, your message has been sent.',
  // conversation
  log: 'Conversation',
  you: 'You',
  agent: 'Agent',
  inputLabel: 'Type a message',
  send: 'Send',
  attach: 'Attach a file',
  emoji: 'Insert an emoji',
  emojiList: 'Emoji',
  endChat: 'End chat',
  endConfirm: 'End this chat?',
  endYes: 'Yes, end it',
  endNo: 'Keep chatting',
  transcript: 'Email me the transcript',
  joined: '{agent} joined the chat',
  transferred: 'You are being transferred to a colleague…',
  typing: '{agent} is typing…',
  sending: 'Sending',
  delivered: 'Delivered',
  read: 'Read',
  failedMessage: 'Not sent',
  retry: 'Send again',
  download: 'Download {name}',
  image: 'Image {name}',
  uploading: 'Uploading {name}: {percent}%',
  dropHere: 'Drop a file to send it',
  // end
  ended: 'The chat has ended.',
  endedIdle: 'The chat was closed after a long silence.',
  endedByYou: 'You ended the chat.',
  newChat: 'Start a new chat',
  transcriptQueued: 'The transcript is on its way to your email.',
  transcriptNoEmail: 'We have no email address for you, so no transcript was sent.',
  transcriptUnavailable: 'Sending transcripts by email is not available right now.',
  rateTitle: 'How did we do?',
  rateStars: 'Rate this chat',
  star1: '1 star: very poor',
  star2: '2 stars: poor',
  star3: '3 stars: fair',
  star4: '4 stars: good',
  star5: '5 stars: excellent',
  rateComment: 'Anything to add? (optional)',
  rateSend: 'Send rating',
  rateNeedScore: 'Choose from 1 to 5 stars.',
  rateThanks: 'Thank you for your feedback!',
  // connection
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. We will reconnect when you are back online.',
  connected: 'Connected',
  // errors (codes from the server, never its text)
  'error.malformed': 'Something went wrong. Please try again.',
  'error.bad-frame': 'That could not be sent. Please try again.',
  'error.unauthorized': 'This chat is no longer available. Start a new chat.',
  'error.too-long': 'The message is too long. Please shorten it.',
  'error.rate-limited': 'You are sending messages too fast. Wait a moment and send again.',
  'error.chat-ended': 'The chat has ended; the message was not sent.',
  'error.failed': 'The message was not sent. Trying again…',
  'error.already-rated': 'You have already rated this chat.',
  'error.network': 'We could not reach the server. Check your connection and try again.',
  'error.server': 'Something went wrong on our side. Please try again in a moment.',
  'error.file-too-large': 'The file is too large.',
  'error.file-type': 'Files of this type cannot be sent. Send an image or a PDF.',
  'error.file-failed': 'The file could not be sent.',
  'error.invalid': 'Check the form and try again.',
} as const;

type Catalogue = { readonly [K in keyof typeof en]: string };

const zh: Catalogue = {
  title: '在线咨询',
  open: '打开聊天',
  minimise: '最小化聊天',
  unread: '{n} 条未读',
  titleAlert: '（{n}）新消息',
  replyTime: '我们通常在{time}内回复。',
  greeting: '您好！请问有什么可以帮您？',
  prechatIntro: '留下您的信息（均为选填），即可开始聊天。',
  name: '您的姓名',
  phone: '电话',
  email: '电子邮箱',
  optional: '选填',
  start: '开始聊天',
  starting: '正在开始…',
  badName: '姓名最多 200 个字符。',
  badPhone: '请输入电话号码，例如 139 1234 5678。',
  badEmail: '请输入有效的电子邮箱，例如 name@example.com。',
  needContact: '请留下电话或电子邮箱，以便我们回复您。',
  needMessage: '请填写留言内容。',
  offlineIntro: '请给我们留言，我们会尽快回复。',
  message: '留言内容',
  sendMessage: '提交留言',
  offlineDone: '谢谢，您的留言已提交。',
  log: '聊天记录',
  you: '我',
  agent: '客服',
  inputLabel: '输入消息',
  send: '发送',
  attach: '发送文件',
  emoji: '插入表情',
  emojiList: '表情',
  endChat: '结束聊天',
  endConfirm: '确定结束本次聊天？',
  endYes: '结束',
  endNo: '继续聊天',
  transcript: '将聊天记录发送到我的邮箱',
  joined: '{agent} 已加入聊天',
  transferred: '正在为您转接其他同事…',
  typing: '{agent} 正在输入…',
  sending: '发送中',
  delivered: '已送达',
  read: '已读',
  failedMessage: '未发送',
  retry: '重新发送',
  download: '下载 {name}',
  image: '图片 {name}',
  uploading: '正在上传 {name}：{percent}%',
  dropHere: '将文件拖放到此处发送',
  ended: '聊天已结束。',
  endedIdle: '由于长时间无消息，聊天已关闭。',
  endedByYou: '您已结束聊天。',
  newChat: '开始新的聊天',
  transcriptQueued: '聊天记录正在发送到您的邮箱。',
  transcriptNoEmail: '您没有留下电子邮箱，因此未发送聊天记录。',
  transcriptUnavailable: '暂时无法通过邮件发送聊天记录。',
  rateTitle: '请为本次服务评分',
  rateStars: '为本次聊天评分',
  star1: '1 星：非常不满意',
  star2: '2 星：不满意',
  star3: '3 星：一般',
  star4: '4 星：满意',
  star5: '5 星：非常满意',
  rateComment: '其他意见（选填）',
  rateSend: '提交评价',
  rateNeedScore: '请选择 1 到 5 星。',
  rateThanks: '感谢您的评价！',
  connecting: '正在连接…',
  reconnecting: '连接已断开，正在重新连接…',
  offline: '您已离线，恢复网络后将自动重新连接。',
  connected: '已连接',
  'error.malformed': '出错了，请重试。',
  'error.bad-frame': '无法发送，请重试。',
  'error.unauthorized': '此聊天已失效，请开始新的聊天。',
  'error.too-long': '消息太长，请缩短后再发送。',
  'error.rate-limited': '发送太频繁，请稍候再发送。',
  'error.chat-ended': '聊天已结束，消息未发送。',
  'error.failed': '消息未发送，正在重试…',
  'error.already-rated': '您已经评价过本次聊天。',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.server': '服务暂时出错，请稍后再试。',
  'error.file-too-large': '文件太大。',
  'error.file-type': '不支持此类文件，请发送图片或 PDF。',
  'error.file-failed': '文件发送失败。',
  'error.invalid': '请检查表单后重试。',
};

export type Lang = 'en' | 'zh-CN';
export type Key = keyof typeof en;
export const catalogues: Record<Lang, Catalogue> = { en, 'zh-CN': zh };

/** The language: the host's data-lang when it is one we have, else the browser's. */
export function pickLang(requested: string | null | undefined, browser: string | undefined): Lang {
  for (const l of [requested, browser]) {
    if (!l) continue;
    if (l.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const text = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
}

/** The translation of a server error code; an unknown code gets the generic text, never the server's detail. */
export function errorKey(code: string | undefined): Key {
  const key = `error.${code}`;
  return key in en ? (key as Key) : 'error.server';
}
