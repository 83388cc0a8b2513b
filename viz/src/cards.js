// The scenario cards. A card the server cannot run in the browser (too big)
// is greyed out, says why, and cannot be opened.
import { escapeHtml, sentence } from './words.js';

export const isAvailable = (sc) => sc.available !== false;

export function renderCards(ul, list, onOpen) {
  ul.replaceChildren();
  list.forEach((sc, i) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const available = isAvailable(sc);
    b.className = `card${i < 2 && available ? ' featured' : ''}${available ? '' : ' unavailable'}`;
    b.dataset.scenario = sc.id;
    const reason = sc.unavailable_reason || 'This scenario is too big to run in the browser.';
    b.innerHTML = `<h3>${escapeHtml(sc.title ?? sc.id)}</h3>
      <p class="q">${escapeHtml(sentence(sc.question))}</p>
      <p class="meta">${sc.posts ?? '?'} posts · ${sc.teams ?? '?'} teams${sc.organisations > 1 ? ` · ${sc.organisations} organisations` : ''} · ${sc.weeks ?? '?'} weeks</p>
      ${sc.source ? `<p class="src">Source: ${escapeHtml(sc.source)}</p>` : ''}
      ${available ? '' : `<p class="reason">${escapeHtml(reason)}</p>`}`;
    b.title = `${sc.title ?? sc.id}: ${available ? sentence(sc.question) : reason}`;
    if (available) {
      b.addEventListener('click', () => onOpen(sc));
    } else {
      // Still reachable with Tab, so that a screen reader hears why it is greyed.
      b.setAttribute('aria-disabled', 'true');
    }
    li.appendChild(b);
    ul.appendChild(li);
  });
}
