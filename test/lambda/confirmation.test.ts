import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { ARN, NEW_ARN, STACK_ID, fastRetries } from './harness';
import { Deadline } from '../../lambda/aws/deadline';
import { Logger, Redactor } from '../../lambda/aws/log';
import { confirmWithCloudFormation } from '../../lambda/event/confirmation';

fastRetries();
const cloudformation = mockClient(CloudFormationClient);
const ctx = { deadline: Deadline.start({ getRemainingTimeInMillis: () => 30_000 }), log: new Logger({}, new Redactor()) };

function shows(stackStatus: string | undefined, resource?: { status: string; physicalId?: string }): void {
  cloudformation.reset();
  if (stackStatus === undefined) {
    cloudformation.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK_ID} does not exist`), { name: 'ValidationError' }));
  } else {
    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Demo', StackStatus: stackStatus as never, CreationTime: new Date(0) }] });
  }
  if (resource) {
    cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        LogicalResourceId: 'Pref',
        ResourceType: 'Custom::ProcurementPortalPreference',
        ResourceStatus: resource.status as never,
        PhysicalResourceId: resource.physicalId,
        LastUpdatedTimestamp: new Date(0),
      },
    });
  } else {
    cloudformation.on(DescribeStackResourceCommand).rejects(Object.assign(new Error('Resource Pref does not exist for stack Demo'), { name: 'ValidationError' }));
  }
}

const event = (RequestType: string, PhysicalResourceId?: string) => ({ RequestType, StackId: STACK_ID, LogicalResourceId: 'Pref', PhysicalResourceId });

// Stack and resource statuses: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
test.each([
  ['Create', 'CREATE_IN_PROGRESS', { status: 'CREATE_IN_PROGRESS' }, undefined, 'confirmed'],
  ['Create', 'UPDATE_IN_PROGRESS', { status: 'CREATE_IN_PROGRESS' }, undefined, 'confirmed'],
  ['Create', 'UPDATE_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN }, undefined, 'confirmed'], // a replacement
  ['Create', 'CREATE_COMPLETE', { status: 'CREATE_COMPLETE', physicalId: ARN }, undefined, 'unasked'], // a retry, already answered
  ['Create', 'UPDATE_ROLLBACK_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN }, undefined, 'refused'],
  ['Create', undefined, undefined, undefined, 'unasked'], // no such stack
  ['Update', 'UPDATE_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN }, ARN, 'confirmed'],
  ['Update', 'UPDATE_ROLLBACK_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN }, ARN, 'confirmed'],
  ['Update', 'UPDATE_COMPLETE', { status: 'UPDATE_COMPLETE', physicalId: ARN }, ARN, 'unasked'],
  ['Update', 'UPDATE_IN_PROGRESS', { status: 'UPDATE_COMPLETE', physicalId: ARN }, ARN, 'unasked'], // another resource's update
  ['Delete', 'DELETE_IN_PROGRESS', { status: 'DELETE_IN_PROGRESS', physicalId: ARN }, ARN, 'confirmed'],
  ['Delete', 'ROLLBACK_IN_PROGRESS', { status: 'DELETE_IN_PROGRESS', physicalId: ARN }, ARN, 'confirmed'],
  ['Delete', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', { status: 'UPDATE_COMPLETE', physicalId: NEW_ARN }, ARN, 'confirmed'], // the old id
  ['Delete', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', { status: 'UPDATE_COMPLETE', physicalId: ARN }, ARN, 'unasked'], // the current one
  ['Delete', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined, ARN, 'confirmed'], // a removed resource
  ['Delete', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', { status: 'UPDATE_COMPLETE', physicalId: ARN }, NEW_ARN, 'confirmed'],
  ['Delete', 'UPDATE_COMPLETE', { status: 'UPDATE_COMPLETE', physicalId: ARN }, ARN, 'unasked'],
  ['Delete', 'UPDATE_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN }, ARN, 'refused'],
] as const)('%s while the stack is %s and the resource %j (physical id %s): %s', async (type, stackStatus, resource, physicalId, kind) => {
  shows(stackStatus, resource);
  expect((await confirmWithCloudFormation(event(type, physicalId), ctx)).kind).toBe(kind);
});

test('CloudFormation cannot be read: a Create is refused, a Delete let through (a refused Delete leaves the stack stuck)', async () => {
  cloudformation.reset();
  cloudformation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
  cloudformation.on(DescribeStackResourceCommand).rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
  const refused = await confirmWithCloudFormation(event('Create'), ctx);
  expect(refused).toMatchObject({ kind: 'refused', why: expect.stringContaining('CloudFormation could not confirm the event') });
  expect((await confirmWithCloudFormation(event('Delete', ARN), ctx)).kind).toBe('confirmed');
});

test('the refusal says what did not match', async () => {
  shows('UPDATE_IN_PROGRESS', { status: 'UPDATE_IN_PROGRESS', physicalId: ARN });
  expect(await confirmWithCloudFormation(event('Delete', ARN), ctx))
    .toEqual({ kind: 'refused', why: 'the stack is UPDATE_IN_PROGRESS, in which CloudFormation deletes nothing' });
});

test('statuses that lag the event are read again a moment later: a Create confirmed on the second read', async () => {
  shows('CREATE_IN_PROGRESS', { status: 'CREATE_IN_PROGRESS' });
  cloudformation.on(DescribeStackResourceCommand)
    .rejectsOnce(Object.assign(new Error('Resource Pref does not exist for stack Demo'), { name: 'ValidationError' }))
    .resolves({
      StackResourceDetail: {
        LogicalResourceId: 'Pref',
        ResourceType: 'Custom::ProcurementPortalPreference',
        ResourceStatus: 'CREATE_IN_PROGRESS',
        LastUpdatedTimestamp: new Date(0),
      },
    });

  expect((await confirmWithCloudFormation(event('Create'), ctx)).kind).toBe('confirmed');
  expect(cloudformation.commandCalls(DescribeStackResourceCommand)).toHaveLength(2);
});

test('a refusal is read three times before it stands', async () => {
  shows('UPDATE_COMPLETE', { status: 'UPDATE_COMPLETE', physicalId: ARN });
  expect((await confirmWithCloudFormation(event('Update', ARN), ctx)).kind).toBe('unasked');
  expect(cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(3);
});
