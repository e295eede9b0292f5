import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INVOKE_ACTION, templateOfPlan, TEMPLATE_FORMATS } from '../../cloudformation/index.js';
import { loadPlanFile } from '../../proxy/plan/index.js';

const PLAN = fileURLToPath(new URL('../fixtures/cloudformation/deploy.plan.yaml', import.meta.url));

describe.each(TEMPLATE_FORMATS)("the proxy's invoke policy (--format %s)", (format) => {
  const template = templateOfPlan(loadPlanFile(PLAN), format, { packageDir: '/p', templateDir: '/p' }) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
  const document = policies[0]!.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> };

  it('is one statement allowing exactly lambda:InvokeFunction', () => {
    expect(policies).toHaveLength(1);
    expect(document.Statement).toHaveLength(1);
    expect(document.Statement[0]).toMatchObject({ Effect: 'Allow', Action: INVOKE_ACTION });
    expect(JSON.stringify(document)).not.toMatch(/lambda:\*|"\*"|:\*"/);
  });

  it('names each function, each alias it routes to or declares, and the routed version, nothing else', () => {
    expect(document.Statement[0]!.Resource).toEqual([
      { 'Fn::GetAtt': ['ShopCatalogFunction', 'Arn'] },
      { 'Fn::Sub': '${ShopCatalogFunction.Arn}:live' },
      { 'Fn::GetAtt': ['LegacyReportFunction', 'Arn'] },
      { 'Fn::GetAtt': ['PrebuiltFunction', 'Arn'] },
      { 'Fn::Sub': '${PrebuiltFunction.Arn}:live' },
      // Routed but deployed elsewhere: its ARN in this account and region, with the version the route names.
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-orders:3' },
    ]);
  });
});
