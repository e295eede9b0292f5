import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_CODES, templateOfPlan, templateYaml, TEMPLATE_FORMATS } from '../../cloudformation/index.js';
import { loadPlanFile } from '../../proxy/plan/index.js';
import { checkTemplate } from '../helpers/cfn-spec.js';

// Generated templates, checked offline against the CloudFormation resource specification (@aws-cdk/aws-service-spec).
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/cloudformation/${name}`, import.meta.url));
const SHOP = fileURLToPath(new URL('../../migration-plans/shop.yaml', import.meta.url));
const options = { packageDir: '/srv/app/.strangler/package', templateDir: '/srv/app' };

/** The template as `sam deploy` reads it: generated, written as YAML, parsed back. */
function generated(planFile: string, format: (typeof TEMPLATE_FORMATS)[number]): Record<string, unknown> {
  return parse(templateYaml(templateOfPlan(loadPlanFile(planFile), format, options), planFile)) as Record<string, unknown>;
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe.each(TEMPLATE_FORMATS)('strangler template --format %s', (format) => {
  it.each([SHOP, fixture('deploy.plan.yaml')])('every resource type and property of the template for %s exists in the specification', (plan) => {
    const template = generated(plan, format);
    expect(checkTemplate(template)).toEqual([]);
  });
});

describe('the SAM template', () => {
  const template = generated(fixture('deploy.plan.yaml'), 'sam');
  const resources = template.Resources as Resources;

  it('describes each function with what the plan says, nodejs22.x by default, whole seconds', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(resources.ShopCatalogFunction).toEqual({
      Type: 'AWS::Serverless::Function',
      Properties: {
        FunctionName: 'shop-catalog',
        CodeUri: '.strangler/package/shop-catalog.zip',
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Timeout: 3,
        Environment: { Variables: { CATALOG_TABLE: 'products', NODE_OPTIONS: '--enable-source-maps' } },
        ReservedConcurrentExecutions: 20,
        AutoPublishAlias: 'live',
      },
    });
    expect(resources.LegacyReportFunction!.Properties).toMatchObject({
      Handler: 'bootstrap',
      Runtime: 'provided.al2023',
      Architectures: ['x86_64'],
      Timeout: 3,
      MemorySize: 128,
    });
    expect(resources.LegacyReportFunction!.Properties.CodeUri).toMatch(/custom-runtime$/);
    // An artifact deploys as it is: its own handler, no source-map flag added.
    expect(resources.PrebuiltFunction!.Properties).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      AutoPublishAlias: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: '2' },
    });
    expect(resources.ShopCatalogFunction!.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    expect(resources.PrebuiltFunction!.Properties.Environment).toBeUndefined();
  });

  it('keeps 2010-09-09 a quoted string in the YAML', () => {
    const text = templateYaml(templateOfPlan(loadPlanFile(SHOP), 'sam', options), 'shop.yaml');
    expect(text).toContain("AWSTemplateFormatVersion: '2010-09-09'");
    expect(text).toContain("Version: '2012-10-17'");
  });

  it('refuses a function with two aliases (AutoPublishAlias makes one); cloudformation describes it', () => {
    expect(() => templateOfPlan(loadPlanFile(fixture('aliases.plan.yaml')), 'sam', options)).toThrow(expect.objectContaining({ code: TEMPLATE_CODES.ALIASES }));
    const plain = generated(fixture('aliases.plan.yaml'), 'cloudformation');
    expect(checkTemplate(plain)).toEqual([]);
    const aliases = Object.values(plain.Resources as Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Alias')
      .map((r) => r.Properties.Name);
    expect(aliases).toEqual(['blue', 'green']);
  });
});

describe('the plain CloudFormation template', () => {
  const template = generated(fixture('deploy.plan.yaml'), 'cloudformation');
  const resources = template.Resources as Resources;

  it('gives each function its own execution role and reads the zip from the CodeBucket parameter', () => {
    expect(resources.ShopCatalogFunctionRole!.Type).toBe('AWS::IAM::Role');
    expect(resources.ShopCatalogFunction!.Properties).toMatchObject({
      Role: { 'Fn::GetAtt': ['ShopCatalogFunctionRole', 'Arn'] },
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { 'Fn::Sub': '${CodeKeyPrefix}shop-catalog.zip' } },
      Timeout: 3,
    });
    expect(resources.ShopCatalogFunctionAliaslive!.Properties).toEqual({
      FunctionName: { Ref: 'ShopCatalogFunction' },
      FunctionVersion: { 'Fn::GetAtt': ['ShopCatalogFunctionVersion', 'Version'] },
      Name: 'live',
    });
    expect(resources.PrebuiltFunctionAliaslive!.Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 2 });
  });

  it('refuses provisioned concurrency without an alias (AWS cannot provision $LATEST), saying how to fix it', () => {
    const plan = loadPlanFile(fixture('deploy.plan.yaml'));
    const functions = plan.plan.functions as Array<{ name: string; provisionedConcurrency?: number }>;
    functions.find((f) => f.name === 'legacy_report')!.provisionedConcurrency = 1;
    expect(() => templateOfPlan(plan, 'cloudformation', options)).toThrow(
      expect.objectContaining({ code: TEMPLATE_CODES.PROVISIONED_NEEDS_ALIAS, message: expect.stringContaining('add an alias (aliases: [live])') }),
    );
  });
});

describe('the specification check itself', () => {
  const good = generated(SHOP, 'sam');

  it.each([
    [
      'a property AWS does not define',
      (r: Resources) => void (r.ShopCatalogFunction!.Properties.Handlr = 'index.handler'),
      /ShopCatalogFunction\.Properties\.Handlr: not a property AWS defines/,
    ],
    ['a value of the wrong type', (r: Resources) => void (r.ShopCatalogFunction!.Properties.Architectures = 'x86_64'), /Architectures: expected a list/],
    [
      'a nested property AWS does not define',
      (r: Resources) => void (r.ShopCatalogFunction!.Properties.Environment = { Vars: {} }),
      /Environment\.Vars: not a property/,
    ],
    [
      'a resource type that does not exist',
      (r: Resources) => void (r.ShopCatalogFunction!.Type = 'AWS::Lambda::Functon'),
      /unknown resource type AWS::Lambda::Functon/,
    ],
    ['a missing required property', (r: Resources) => void delete r.StranglerProxyInvokePolicy!.Properties.PolicyDocument, /PolicyDocument: required/],
  ])('fails on %s', (_what, spoil, problem) => {
    // Prepare: a template that passes (positive control), then one defect.
    expect(checkTemplate(good)).toEqual([]);
    const bad = structuredClone(good);
    spoil(bad.Resources as Resources);
    // Act, assert.
    expect(checkTemplate(bad).join('\n')).toMatch(problem);
  });
});
