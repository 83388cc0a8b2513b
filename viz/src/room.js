// The room: the addresses another computer can open (with QR codes), and the
// scenario the facilitator chose for everyone.
import { api } from './api.js';
import { qrSvg } from './qr.js';
import { escapeHtml } from './words.js';

/// The room as the server describes it; when the server has no room API, this
/// page's own address and no chosen scenario.
export async function fetchRoom() {
  try {
    const room = await api.room();
    return { scenario: room?.scenario ?? null, addresses: room?.addresses?.length ? room.addresses : [pageAddress()] };
  } catch {
    return { scenario: null, addresses: [pageAddress()] };
  }
}

const pageAddress = () => `${location.origin}/`;

/// Each address in large type with its QR code, into `el`.
export function renderAddresses(el, addresses) {
  const loopbackOnly = addresses.every((a) => /\/\/(127\.|localhost|\[::1\])/.test(a));
  el.innerHTML = `${addresses.map((a) => `<figure class="address">
      ${qrSvg(a, `QR code for ${a}`)}<figcaption>${escapeHtml(a)}</figcaption></figure>`).join('')}
    ${loopbackOnly ? `<p class="note">This server only listens on this computer. To let others join, the facilitator
      restarts it with <code>--host 0.0.0.0</code>; it then prints the addresses to use.</p>` : ''}`;
}

/// The "Join from another computer" dialog.
export function wireJoinDialog(button, dialog) {
  button.addEventListener('click', async () => {
    const room = await fetchRoom();
    renderAddresses(dialog.querySelector('.addresses'), room.addresses);
    dialog.showModal();
  });
  dialog.querySelector('.close').addEventListener('click', () => dialog.close());
}
