import { PreferencePlan } from './decide';

/** The action as a person reads it: a delete CloudFormation skips is "retained"; an identity known at deploy "may replace". */
export function label(plan: PreferencePlan): string {
  return plan.retained ? 'retained' : plan.mayReplace ? `${plan.action} (may replace)` : plan.action;
}

function fieldText(plan: PreferencePlan): string {
  return plan.fields.map((f) => `${f.name}${f.knownAtDeploy ? ' (known at deploy)' : ''}`).join(', ');
}

function counts(plans: readonly PreferencePlan[]): string {
  const byLabel = new Map<string, number>();
  for (const plan of plans) byLabel.set(label(plan), (byLabel.get(label(plan)) ?? 0) + 1);
  return [...byLabel].map(([l, n]) => `${n} ${l}`).join(', ');
}

/** The preferences' plan, then the invoice units' when the templates have any. */
export function renderText(plans: readonly PreferencePlan[], units: readonly PreferencePlan[] = []): string {
  const unitText = units.length > 0 ? `\n\n${textOf(units, `invoice unit${units.length === 1 ? '' : 's'}`)}` : '';
  if (plans.length === 0) return `No Custom::ProcurementPortalPreference in either template: nothing to do.${unitText}`;
  return `${textOf(plans, `preference${plans.length === 1 ? '' : 's'}`)}${unitText}`;
}

function textOf(plans: readonly PreferencePlan[], noun: string): string {
  const width = Math.max(...plans.map((p) => p.logicalId.length));
  const lines = [`${plans.length} ${noun}: ${counts(plans)}`, ''];
  for (const plan of plans) {
    lines.push(`${plan.logicalId.padEnd(width)}  ${label(plan).toUpperCase()}`);
    const indent = ' '.repeat(width + 2);
    if (plan.fields.length > 0) lines.push(`${indent}fields: ${fieldText(plan)}`);
    lines.push(`${indent}calls:  ${plan.calls.length > 0 ? plan.calls.join(', ') : 'none'}`);
    for (const note of plan.notes) lines.push(`${indent}note:   ${note}`);
  }
  return lines.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A Markdown table for a pull-request comment. */
export function renderMarkdown(plans: readonly PreferencePlan[], units: readonly PreferencePlan[] = []): string {
  const lines = ['### Procurement portal preferences', ''];
  const unitLines = units.length === 0 ? [] : ['', '### Invoice units', '', `${counts(units)}`, '', '| Unit | Action | Fields | API calls | Notes |', '|---|---|---|---|---|',
    ...units.map(row)];
  if (plans.length === 0) return [...lines, 'No `Custom::ProcurementPortalPreference` in either template: nothing to do.', ...unitLines].join('\n');
  const replaced = plans.filter((p) => p.action === 'replace');
  if (replaced.length > 0) {
    lines.push(`> **Warning**: ${replaced.map((p) => `\`${p.logicalId}\``).join(', ')} will be replaced: verification restarts.`, '');
  }
  const mayReplace = plans.filter((p) => p.mayReplace);
  if (mayReplace.length > 0) {
    lines.push(`> **Warning**: ${mayReplace.map((p) => `\`${p.logicalId}\``).join(', ')} may be replaced: an identity field is known only at deploy.`, '');
  }
  lines.push(`${counts(plans)}`, '', '| Preference | Action | Fields | API calls | Notes |', '|---|---|---|---|---|');
  lines.push(...plans.map(row));
  return [...lines, ...unitLines].join('\n');
}

function row(plan: PreferencePlan): string {
  return `| \`${cell(plan.logicalId)}\` | **${label(plan)}** | ${cell(fieldText(plan)) || '-'} | `
    + `${cell(plan.calls.join(', ')) || 'none'} | ${cell(plan.notes.join('; ')) || '-'} |`;
}

export function renderJson(plans: readonly PreferencePlan[], units: readonly PreferencePlan[] = []): string {
  return JSON.stringify({ preferences: plans, ...units.length > 0 ? { invoiceUnits: units } : {} }, null, 2);
}
