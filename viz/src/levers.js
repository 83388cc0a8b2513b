// The lever controls of one run: sliders, switches and choices, labelled for screen readers.
import { escapeHtml } from './words.js';

let uid = 0;

function decimals(step) {
  const s = String(step ?? 1);
  return s.includes('.') ? s.split('.')[1].length : 0;
}

export function formatLever(def, value) {
  if (def.kind === 'switch') return value ? 'on' : 'off';
  if (def.kind === 'choice') return def.options?.find((o) => o.value === value)?.label ?? String(value);
  const v = Number(value).toFixed(decimals(def.step));
  return def.unit ? `${v} ${def.unit}` : v;
}

/// Renders `defs` into `form`; calls onChange(key, value, {immediate}) on every change.
export function renderLevers(form, defs, values, defaults, arm, onChange) {
  form.replaceChildren();
  form.classList.toggle('b', arm === 'b');
  const controls = new Map();
  for (const def of defs) {
    const id = `lever-${arm}-${def.key}-${++uid}`;
    const wrap = document.createElement('div');
    wrap.className = 'lever';
    wrap.dataset.key = def.key;
    const helpId = `${id}-help`;
    const wasId = `${id}-was`;
    const help = def.help ? `<p class="help" id="${helpId}">${escapeHtml(def.help)}</p>` : '';
    const describedBy = ` aria-describedby="${wasId}${def.help ? ` ${helpId}` : ''}"`;
    const was = `<p class="was" id="${wasId}"></p>`;
    const value = values[def.key] ?? def.value;
    if (def.kind === 'switch') {
      wrap.innerHTML = `<label class="switch row"><span class="name">${escapeHtml(def.label)}</span>
        <input type="checkbox" role="switch" id="${id}" data-key="${def.key}"${value ? ' checked' : ''}${describedBy}></label>${was}${help}`;
    } else if (def.kind === 'choice') {
      const opts = (def.options ?? []).map((o) => `<option value="${escapeHtml(String(o.value))}"${o.value === value ? ' selected' : ''}>${escapeHtml(o.label ?? String(o.value))}</option>`).join('');
      wrap.innerHTML = `<label class="name" for="${id}">${escapeHtml(def.label)}</label>
        <select id="${id}" data-key="${def.key}"${describedBy}>${opts}</select>${was}${help}`;
    } else {
      wrap.innerHTML = `<div class="row"><label class="name" for="${id}">${escapeHtml(def.label)}</label>
        <output for="${id}"></output></div>
        <input type="range" id="${id}" data-key="${def.key}" min="${def.min}" max="${def.max}" step="${def.step ?? 'any'}" value="${value}"${describedBy}>${was}${help}`;
    }
    form.appendChild(wrap);
    const input = wrap.querySelector('input, select');
    const output = wrap.querySelector('output');
    const read = () => (def.kind === 'switch' ? input.checked
      : def.kind === 'choice' ? input.value : Number(input.value));
    const show = () => {
      const v = read();
      if (output) output.textContent = formatLever(def, v);
      if (def.kind === 'slider' || input.type === 'range') input.setAttribute('aria-valuetext', formatLever(def, v));
      const d = defaults[def.key] ?? def.value;
      wrap.classList.toggle('changed', v !== d);
      wrap.querySelector('.was').textContent = v !== d ? `Changed: the scenario has ${formatLever(def, d)}` : '';
    };
    show();
    // Sliders send after a short pause (dragging or holding an arrow key);
    // switches and choices send at once.
    if (input.type === 'range') input.addEventListener('input', () => { show(); onChange(def.key, read(), { immediate: false }); });
    else input.addEventListener('change', () => { show(); onChange(def.key, read(), { immediate: true }); });
    controls.set(def.key, { set: (v) => {
      if (def.kind === 'switch') input.checked = !!v; else input.value = v;
      show();
    } });
  }
  return controls;
}
