import { UnresolvableError, pseudoParameters, resolveValue, StackValues } from '../../tools/cloudformation/intrinsics';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Invoicing/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
const values: StackValues = {
  parameters: { BuyerId: 'AN0100' },
  physicalIds: { PortalSecretA1B2: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PortalSecret-AbCdEf' },
  pseudo: pseudoParameters(STACK_ID),
  mappings: { Portals: { prod: { Endpoint: 'https://portal.example.com' } } },
  conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'BuyerId' }, 'AN0100'] }, NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
};

describe('resolving a deployed template as CloudFormation did', () => {
  test.each([
    ['a resource Ref', { Ref: 'PortalSecretA1B2' }, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PortalSecret-AbCdEf'],
    ['a parameter Ref', { Ref: 'BuyerId' }, 'AN0100'],
    ['pseudo parameters in Fn::Join (Secret.fromSecretNameV2)',
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:sap']] },
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sap'],
    ['Fn::Sub with variables and a literal ${!}', { 'Fn::Sub': ['${AWS::StackName}-${X}-${!Keep}', { X: { Ref: 'BuyerId' } }] }, 'Invoicing-AN0100-${Keep}'],
    ['Fn::Select of Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }, 'Invoicing'],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Portals', 'prod', 'Endpoint'] }, 'https://portal.example.com'],
    ['Fn::If on a condition', { 'Fn::If': ['NotProd', 'test', 'prod'] }, 'prod'],
  ])('%s', (_what, value, expected) => {
    expect(resolveValue(value, values)).toEqual(expected);
  });

  test('AWS::NoValue drops the member; nested objects and lists are resolved', () => {
    expect(resolveValue({ A: { Ref: 'AWS::NoValue' }, B: [{ Ref: 'BuyerId' }, { Ref: 'AWS::NoValue' }], C: { D: true } }, values))
      .toEqual({ B: ['AN0100'], C: { D: true } });
  });

  test.each([
    ['Fn::GetAtt', { 'Fn::GetAtt': ['Thing', 'Arn'] }, 'Fn::GetAtt is not resolved outside a deploy'],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'SharedSecretArn' }, 'Fn::ImportValue is not resolved outside a deploy'],
    ['an unknown Ref', { Ref: 'Missing' }, 'Ref Missing names no parameter or deployed resource'],
    ['an attribute in Fn::Sub', { 'Fn::Sub': '${Thing.Arn}' }, 'is an attribute (Fn::GetAtt)'],
  ])('%s is refused by name, never guessed', (_what, value, message) => {
    expect(() => resolveValue(value, values)).toThrow(UnresolvableError);
    expect(() => resolveValue(value, values)).toThrow(message);
  });
});
