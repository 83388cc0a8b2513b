// Messages to the room: errors in plain words (with the technical text behind
// a "Details" toggle for the facilitator) and short notices.
import { plainWords, technicalText } from './errors.js';

const $ = (s) => document.querySelector(s);

/// Shows `error` (an exception, or plain text) in the red box at the top.
/// `session`: the error came from a run's request; `action`: {label, run}, a button.
export function showError(error, { action, session = false } = {}) {
  const box = $('#alerts');
  const div = document.createElement('div');
  div.className = 'alert';
  const plain = typeof error === 'string' ? error : plainWords(error, { session });
  const details = typeof error === 'string' ? '' : technicalText(error);
  const text = document.createElement('div');
  text.className = 'alert-text';
  const p = document.createElement('p');
  p.className = 'plain';
  p.textContent = plain;
  text.appendChild(p);
  if (details && details !== plain) {
    const d = document.createElement('details');
    d.innerHTML = '<summary>Details</summary><code></code>';
    d.querySelector('code').textContent = details;
    text.appendChild(d);
  }
  div.appendChild(text);
  const buttons = document.createElement('span');
  buttons.className = 'alert-buttons';
  if (action) {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = action.label;
    b.addEventListener('click', () => { div.remove(); action.run(); });
    buttons.appendChild(b);
  }
  const close = document.createElement('button');
  close.type = 'button'; close.textContent = 'Dismiss'; close.className = 'small';
  close.addEventListener('click', () => div.remove());
  buttons.appendChild(close);
  div.appendChild(buttons);
  // Keep only the three latest messages.
  while (box.children.length >= 3) box.firstChild.remove();
  box.appendChild(div);
}

let toastTimer = 0;
export function toast(text) {
  const t = $('#toast');
  t.textContent = text; t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 2600);
}
