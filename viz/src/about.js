// "About this model": what drives burnout, leaving and evidence use, where the
// starting values come from, and where each lever's value comes from.
import { escapeHtml } from './words.js';
import { formatLever } from './levers.js';

const MODEL = `
<h3>What the model is</h3>
<p>Every dot on the screen is one post in a children's services workforce. Each week the model works out,
for every person, their caseload, their contacts with colleagues, their burnout, whether they are off sick,
whether they leave, and which pieces of research evidence they use. Chance plays a part in each of these,
which is why runs with the same levers can differ.</p>
<h3>What drives burnout</h3>
<ul>
  <li><b>Caseload against capacity.</b> More referrals, or fewer people to share them, raise each person's
    caseload; a caseload above what a person can manage pushes burnout up week after week.</li>
  <li><b>Supervision and support.</b> Time with a supervisor and everyday contact with colleagues
    (sitting with the team, fewer days alone at home) hold burnout down.</li>
  <li><b>Absent colleagues.</b> When people are off sick or posts are empty, their work falls on the
    people who remain, which raises their burnout in turn.</li>
</ul>
<h3>Why people leave</h3>
<p>Each week every person has a small chance of leaving. High burnout raises that chance (through the wish
to leave it brings), and so does a short tenure: people in their first two years leave more often; older staff
also retire. An empty post is filled by recruitment, which takes weeks, and meanwhile often by an agency
worker.</p>
<h3>How evidence spreads</h3>
<p>People pick up research evidence through their contacts with colleagues who already use it, through
training, through a research champion in the organisation, and through links with a university. People who
leave take their evidence use with them.</p>
<h3>Where the starting values come from</h3>
<p>The model is calibrated so that its national figures match England's published children's social work
workforce statistics: turnover, vacancies, the share of agency workers and sickness absence. Burnout starts
at the levels measured with the Copenhagen Burnout Inventory (CBI) in published surveys of social workers —
that is why more than half of the people (close to 60 %) start with high burnout (50 or more out of 100)
at week 0.</p>
<p>The full model description is <code>docs/ODD.md</code> in the wfsim folder.</p>`;

/// The dialog's text; `levers` are the scenario's levers (GET /api/levers), each with its source.
export function aboutHtml(levers, scenarioTitle) {
  const rows = (levers ?? []).map((l) => {
    const source = l.source ?? l.help ?? '';
    const value = l.value === undefined ? '' : `<span class="muted"> (this scenario: ${escapeHtml(formatLever(l, l.value))})</span>`;
    const params = l.parameters?.length ? `<br><span class="muted">Model setting: ${l.parameters.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}</span>` : '';
    const help = l.source && l.help ? `${escapeHtml(l.help)}<br>` : '';
    return `<li data-key="${escapeHtml(l.key)}"><b>${escapeHtml(l.label ?? l.key)}</b>${value}<br>${help}
      <span class="lever-source">${escapeHtml(source)}</span>${params}</li>`;
  }).join('');
  return `${MODEL}
    <h3>The levers${scenarioTitle ? ` in “${escapeHtml(scenarioTitle)}”` : ''} and where their values come from</h3>
    <ul class="lever-sources">${rows || '<li>Open a scenario to see its levers.</li>'}</ul>`;
}
