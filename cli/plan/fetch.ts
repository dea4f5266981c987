import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { Template, parseTemplate } from './template';

/**
 * The template CloudFormation last deployed for `stackName` (GetTemplate, stage Original: as it was submitted), or
 * undefined when the stack does not exist yet (every preference is then a create). The SDK honours
 * AWS_ENDPOINT_URL_CLOUDFORMATION, and takes credentials and region from the default chain.
 */
export async function fetchDeployedTemplate(client: CloudFormationClient, stackName: string): Promise<Template | undefined> {
  try {
    const output = await client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    return parseTemplate(output.TemplateBody ?? '{}', `the deployed template of ${stackName}`);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return undefined;
    throw error;
  }
}
