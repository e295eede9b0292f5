import type { TemplateModel } from './model.js';

/**
 * The proxy's permission: `lambda:InvokeFunction` on the plan's functions and exactly the qualifiers it invokes,
 * nothing wider. An unqualified ARN does not cover `:alias` invocations, and `:*` would also cover every version,
 * so each alias and version is listed (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
 */

export const INVOKE_ACTION = 'lambda:InvokeFunction';
export const POLICY_LOGICAL_ID = 'StranglerProxyInvokePolicy';

/** The IAM policy document (JSON form, CloudFormation intrinsics for ARNs of resources in the same template). */
export function invokePolicyDocument(model: TemplateModel): Record<string, unknown> {
  const resources: unknown[] = [];
  for (const fn of model.functions) {
    resources.push({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] });
    for (const q of [...fn.aliases, ...fn.versions]) resources.push({ 'Fn::Sub': `\${${fn.logicalId}.Arn}:${q}` });
  }
  for (const fn of model.external) {
    for (const q of fn.qualifiers) {
      const suffix = q === '$LATEST' ? '' : `:${q}`;
      resources.push({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn.name}${suffix}` });
    }
  }
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'InvokeStranglerFunctions', Effect: 'Allow', Action: INVOKE_ACTION, Resource: resources }],
  };
}

/** The managed policy resource to attach to the proxy's role (or user). */
export function invokePolicyResource(model: TemplateModel): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: "strangler proxy: invoke the migration plan's functions and their aliases, nothing else",
      PolicyDocument: invokePolicyDocument(model),
    },
  };
}
