/** A small built-in set of emoji for the picker (a full emoji library would weigh more than the whole widget). */
export const EMOJI = [
  '😀', '😂', '😊', '😍', '🤔', '😅', '😢', '😮',
  '😡', '🙏', '👍', '👎', '👏', '🙌', '👋', '💪',
  '❤️', '🎉', '✅', '❌', '⭐', '🔥', '💡', '📎',
  '📞', '📧', '💰', '📈', '📉', '🏦', '⏰', '🤝',
];
