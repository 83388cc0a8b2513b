// Errors in plain words for the room, with the technical text kept for the facilitator.
import { ApiError } from './api.js';

/// What to tell students about `e`: the server's own plain words when it gave
/// them, otherwise words chosen by the HTTP status. `session` says whether the
/// request was about a run (a 404 then means the run has ended).
export function plainWords(e, { session = false } = {}) {
  if (!(e instanceof ApiError)) return 'Something went wrong in this page. Reload it to start again.';
  if (e.plain) return e.plain;
  const s = e.status;
  if (s === 429) return 'The server is busy right now (too many runs in the room). Wait a moment or ask the facilitator.';
  if (s === 404 && session) return 'This run has ended (the server tidies up runs nobody is using).';
  if (s === 400 || s === 409) return `That change could not be made: ${shortReason(e.message)}`;
  if (s === 401) return 'This facilitator link is not valid for this server (the server prints the right one when it starts).';
  return 'Something went wrong on the server. The facilitator can see the details in its window.';
}

/// The technical text without its hint, cut to one short sentence.
function shortReason(technical) {
  const first = String(technical).replace(/\s*\(hint:.*$/i, '').split(/(?<=[.;])\s/)[0];
  return first.length > 140 ? `${first.slice(0, 137)}…` : first;
}

export function technicalText(e) {
  if (e instanceof ApiError) return `${e.status ? `HTTP ${e.status}: ` : ''}${e.message}`;
  return String(e?.stack ?? e?.message ?? e);
}
