import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESOURCE_TYPE } from '../../src/contract/wire';

/** A `Custom::ProcurementPortalPreference` of a template, as the template writes it (before CloudFormation resolves it). */
export interface TemplatePreference {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
  /** `DeletionPolicy`: what a removal from the stack does (`Retain` keeps the preference). */
  readonly deletionPolicy?: string;
  /** `UpdateReplacePolicy`: what a replacement does with the old preference. */
  readonly updateReplacePolicy?: string;
}

export type Template = Record<string, unknown>;

/** The template's preferences (or resources of `type`) by logical id; anything that is not a template object is refused with `what` named. */
export function preferencesOf(template: unknown, what: string, type: string = RESOURCE_TYPE): Map<string, TemplatePreference> {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new Error(`${what} is not a CloudFormation template (expected a JSON object)`);
  }
  const resources = (template as Template).Resources ?? {};
  if (resources === null || typeof resources !== 'object') throw new Error(`${what}: Resources must be an object`);
  const found = new Map<string, TemplatePreference>();
  for (const [logicalId, resource] of Object.entries(resources as Record<string, Record<string, unknown>>)) {
    if (resource?.Type !== type) continue;
    found.set(logicalId, {
      logicalId,
      properties: (resource.Properties ?? {}) as Record<string, unknown>,
      ...(typeof resource.DeletionPolicy === 'string' ? { deletionPolicy: resource.DeletionPolicy } : {}),
      ...(typeof resource.UpdateReplacePolicy === 'string' ? { updateReplacePolicy: resource.UpdateReplacePolicy } : {}),
    });
  }
  return found;
}

export function parseTemplate(text: string, what: string): Template {
  try {
    return JSON.parse(text) as Template;
  } catch (error) {
    throw new Error(`${what} is not JSON (${(error as Error).message}): give the template as JSON, as cdk synth writes it`);
  }
}

export function readTemplateFile(file: string): Template {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseTemplate(text, file);
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}

/** The synthesized template of stack `stackName` in a cloud assembly (`cdk.out`), found through its manifest. */
export function templateFileInAssembly(assembly: string, stackName: string): string {
  const manifestFile = path.join(assembly, 'manifest.json');
  const manifest = readTemplateFile(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const match = stacks.find(([id, a]) => (a.properties?.stackName ?? id) === stackName);
  if (!match || !match[1].properties?.templateFile) {
    const names = stacks.map(([id, a]) => a.properties?.stackName ?? id);
    throw new Error(`no stack named '${stackName}' in ${assembly}: it holds ${names.length > 0 ? names.join(', ') : 'no stack'}`);
  }
  return path.join(assembly, match[1].properties.templateFile);
}
