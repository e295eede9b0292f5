import type { LoadedPlan } from '../proxy/plan/loaded.js';
import { functionsOfPlan } from './plan.js';
import { startLambdaService as start, type LambdaService, type LambdaServiceOptions } from './service.js';

/**
 * The local Lambda service: AWS Lambda's Invoke API on 127.0.0.1, running each function in execution environments
 * (child processes) that speak the Lambda Runtime API. Call it with `@aws-sdk/client-lambda` and `endpoint` set,
 * exactly as in production.
 */

/**
 * Starts the service. Resolves once it listens; `close()` stops it and every execution environment.
 * @example
 *   const lambda = await startLambdaService({
 *     functions: [{ name: 'hello', handler: 'hello.handler' }],
 *     baseDir: 'test/fixtures/functions',
 *   });
 *   const client = new LambdaClient({ endpoint: lambda.endpoint, region: 'us-east-1',
 *     credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 *   const out = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: JSON.stringify({}) }));
 *   await lambda.close();
 */
export function startLambdaService(options: LambdaServiceOptions): Promise<LambdaService> {
  return start(options);
}

/**
 * Starts the service for a loaded plan: its functions (inline or from the functions file it names), its
 * `lambda.region`; paths relative to the plan.
 * @example
 *   const lambda = await startLambdaServiceFromPlan(loadPlanFile('migration-plans/shop.yaml'), { logger });
 */
export async function startLambdaServiceFromPlan(
  loaded: LoadedPlan,
  options: Omit<LambdaServiceOptions, 'functions' | 'baseDir'> = {},
): Promise<LambdaService> {
  const { functions, baseDir } = functionsOfPlan(loaded);
  return start({ region: loaded.plan.lambda.region, ...options, functions, baseDir });
}

export type { LambdaService, LambdaServiceOptions } from './service.js';
export type { FunctionsUpdate } from './reload.js';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_HOST,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_INSTANCES,
  DEFAULT_REGION,
} from './service.js';
export type { InstanceInfo } from './pool.js';
export { functionsOfPlan, loadFunctionsFile, type PlanFunctions } from './plan.js';
export { loadSamTemplate, SAM_FUNCTION_TYPE, type SamTemplateOptions } from './sam-template.js';
export { parseReport, type ParsedReport } from './invocation-log.js';
export { LAMBDA_SERVICE_CODES, LambdaServiceError, SAM_TEMPLATE_CODES, type LambdaServiceCode } from './errors.js';
export { codeRoot, DEFAULT_CODE_CACHE_DIR, LAMBDA_UNZIPPED_LIMIT_BYTES, LAMBDA_ZIPPED_LIMIT_BYTES } from './code-artifact.js';
export { splitHandler, type HandlerParts } from './launch.js';
export {
  FunctionSchema,
  FunctionsFileSchema,
  FunctionsSectionSchema,
  SamTemplateSectionSchema,
  type FunctionConfig,
  type FunctionInput,
  type FunctionsSection,
} from '../proxy/schemas/functions.js';
