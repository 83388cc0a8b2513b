// Internal ids as words for the room: "front_door_1" reads "Front door 1".

// Abbreviations that read better in capitals.
const CAPITALS = new Set(['la', 'hei', 'nhs', 'sscc', 'cin', 'cp', 'it', 'hr', 'uk']);

export function idToWords(id) {
  const words = String(id ?? '').split(/[_\s]+/).filter(Boolean)
    .map((w) => (CAPITALS.has(w.toLowerCase()) ? w.toUpperCase() : w));
  if (!words.length) return '';
  words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
  return words.join(' ');
}

/// "in a small setting ..." as "In a small setting ...".
export const sentence = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/// A signed number with a true minus sign: +4.8, −2.0.
export function signed(v, digits) {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
}
