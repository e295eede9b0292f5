import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSamTemplate, SAM_TEMPLATE_CODES, startLambdaServiceFromPlan, type LambdaService } from '../../lambda-runtime/index.js';
import { loadPlanFile, PlanError } from '../../proxy/plan/index.js';
import { tempDir } from '../helpers/index.js';
import { clientFor, invoke } from './helpers.js';

const SAM_DIR = fileURLToPath(new URL('../fixtures/sam/', import.meta.url));
const TEMPLATE = `${SAM_DIR}template.yaml`;
const UNRESOLVABLE = `${SAM_DIR}template-unresolvable.yaml`;

/** 1-based line of the first line of `file` containing `text` (so the fixture can be edited without renumbering). */
function lineOf(file: string, text: string): number {
  const at = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  if (at < 0) throw new Error(`${text} not in ${file}`);
  return at + 1;
}

/** The PlanError a call throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): PlanError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error('expected a PlanError');
}

describe('loadSamTemplate: AWS::Serverless::Function resources with Globals', () => {
  it('reads every function, Globals.Function filling what a resource leaves out and !Ref parameters taking their Default', () => {
    const functions = loadSamTemplate(TEMPLATE);
    expect(functions).toEqual([
      {
        name: 'HelloWorldFunction',
        handler: 'hello-world/app.lambdaHandler',
        timeout: 3,
        memorySize: 128,
        environment: { STAGE: 'dev', LOG_LEVEL: 'INFO', TABLE_NAME: 'orders-dev' },
        aliases: [],
      },
      {
        // FunctionName wins over the logical id; !Sub over a parameter with a Default resolves.
        name: 'get-all-items-dev',
        handler: 'src/handlers/get-all-items.getAllItemsHandler',
        timeout: 100,
        memorySize: 256,
        reservedConcurrency: 2,
        // SAM's string count becomes the number the local service keeps warm.
        provisionedConcurrency: 1,
        // Environment.Variables merge key by key, the resource's own value winning; numbers become strings.
        environment: { STAGE: 'dev', LOG_LEVEL: 'DEBUG', TABLE_NAME: 'orders-dev', REGION: 'us-east-1', PAGE_SIZE: '25' },
        aliases: ['live'],
      },
    ]);
  });

  it('gives AWS::Region the region it is asked for', () => {
    const [, items] = loadSamTemplate(TEMPLATE, { region: 'eu-central-1' });
    expect(items!.environment.REGION).toBe('eu-central-1');
  });

  it('reports !Ref to a resource, !GetAtt and !ImportValue (short and long form) at FILE:LINE, without guessing', () => {
    const err = thrown(() => loadSamTemplate(UNRESOLVABLE));
    expect(err.code).toBe(SAM_TEMPLATE_CODES.UNRESOLVED);
    const vars = 'Resources.putItemFunction.Properties.Environment.Variables';
    expect(err.problems.map((p) => [p.file, p.line, p.path])).toEqual([
      [UNRESOLVABLE, lineOf(UNRESOLVABLE, '!Ref SampleTable'), `${vars}.SAMPLE_TABLE`],
      [UNRESOLVABLE, lineOf(UNRESOLVABLE, '!GetAtt SampleTable.Arn'), `${vars}.TABLE_ARN`],
      [UNRESOLVABLE, lineOf(UNRESOLVABLE, 'Fn::ImportValue: !Sub'), `${vars}.VPC_ID`],
      [UNRESOLVABLE, lineOf(UNRESOLVABLE, '!ImportValue shared-queue-url'), `${vars}.QUEUE_URL`],
    ]);
    expect(err.problems[1]!.message).toMatch(/^!GetAtt cannot be resolved locally/);
    expect(err.problems[2]!.message).toMatch(/^!ImportValue cannot be resolved locally/);
    expect(err.message).toContain(`${UNRESOLVABLE}:${lineOf(UNRESOLVABLE, '!GetAtt SampleTable.Arn')}:`);
  });

  describe('what cannot run locally is an error at its property', () => {
    let tmp = tempDir();
    beforeEach(() => {
      tmp = tempDir();
    });
    afterEach(() => tmp.remove());
    const write = (resource: string): string =>
      tmp.writePlan(
        'template.yaml',
        `Transform: AWS::Serverless-2016-10-31\nParameters:\n  Name:\n    Type: String\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n${resource}`,
      );

    it.each([
      [
        'a runtime other than Node.js or provided.*',
        '      Handler: app.handler\n      Runtime: python3.12\n',
        'Resources.Fn.Properties.Runtime',
        /runtime "python3.12"/,
        10,
      ],
      [
        "a Timeout above Lambda's 900 s",
        '      Handler: app.handler\n      Runtime: nodejs20.x\n      Timeout: 1000\n',
        'Resources.Fn.Properties.Timeout',
        /900/,
        11,
      ],
      ['code in S3', '      Handler: app.handler\n      CodeUri: s3://bucket/key.zip\n', 'Resources.Fn.Properties.CodeUri', /local folder/, 10],
      ['no Handler', '      Runtime: nodejs20.x\n', 'Resources.Fn.Properties', /required: Handler/, 9],
      [
        'a reserved variable',
        '      Handler: app.handler\n      Environment:\n        Variables:\n          AWS_REGION: x\n',
        'Resources.Fn.Properties.Environment.Variables.AWS_REGION',
        /reserved/,
        12,
      ],
    ])('%s', (_name, props, path, message, line) => {
      const file = write(props);
      const err = thrown(() => loadSamTemplate(file));
      expect(err.code).toBe(SAM_TEMPLATE_CODES.INVALID);
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatchObject({ file, line, path });
      expect(err.problems[0]!.message).toMatch(message);
    });

    it('a parameter without a Default is unresolved, and a missing template is invalid', () => {
      const file = write('      Handler: app.handler\n      FunctionName: !Ref Name\n');
      const err = thrown(() => loadSamTemplate(file));
      expect(err.code).toBe(SAM_TEMPLATE_CODES.UNRESOLVED);
      expect(err.problems[0]).toMatchObject({ line: 10, path: 'Resources.Fn.Properties.FunctionName' });
      expect(err.problems[0]!.message).toMatch(/has no Default/);
      expect(thrown(() => loadSamTemplate(tmp.path('missing.yaml'))).code).toBe(SAM_TEMPLATE_CODES.INVALID);
    });
  });
});

describe('a plan with functions: { samTemplate }', () => {
  let service: LambdaService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it("serves the template's functions through the Invoke API, paths relative to the template, the plan's region", async () => {
    service = await startLambdaServiceFromPlan(loadPlanFile(`${SAM_DIR}plan.yaml`));
    const client = clientFor(service);
    try {
      const hello = await invoke(client, 'HelloWorldFunction', { rawPath: '/hello' });
      expect(hello.output.FunctionError).toBeUndefined();
      expect(JSON.parse((hello.json as { body: string }).body)).toEqual({ message: 'hello world', stage: 'dev', table: 'orders-dev', logLevel: 'INFO' });
      const items = await invoke(client, 'get-all-items-dev', {}, { Qualifier: 'live' });
      expect(JSON.parse((items.json as { body: string }).body)).toEqual({
        function: 'get-all-items-dev',
        memory: '256',
        region: 'eu-west-1',
        logLevel: 'DEBUG',
        pageSize: '25',
      });
    } finally {
      client.destroy();
    }
  });

  it("a template that cannot be read fails the plan's functions with the template's problems", async () => {
    const tmp = tempDir();
    try {
      const plan = tmp.writePlan('plan.yaml', { monolith: { url: 'http://127.0.0.1:3000' }, functions: { samTemplate: UNRESOLVABLE } });
      await expect(startLambdaServiceFromPlan(loadPlanFile(plan))).rejects.toMatchObject({ code: SAM_TEMPLATE_CODES.UNRESOLVED });
    } finally {
      tmp.remove();
    }
  });
});
