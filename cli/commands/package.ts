import { functionsOfPlan } from '../../lambda-runtime/index.js';
import { DEFAULT_PACKAGE_DIR, formatSummary, PACKAGE_CODES, PackageError, packageFunction, type PackageOptions } from '../../packaging/index.js';
import { loadPlanForCommand, parseCommandArgs, UsageError, type Command } from '../command.js';

export const packageCommand: Command = {
  name: 'package',
  summary: 'bundle a plan function (or --all) into a Lambda deployment package (.zip) with esbuild',
  help: `Usage: strangler package FUNCTION --plan FILE [--out DIR] [--format esm|cjs] [--bundle-aws-sdk] [--minify]
       strangler package --all --plan FILE [--out DIR] ...

Bundles each function's handler (tree-shaken, with a source map) into DIR/NAME.zip with index.mjs (or index.js
for --format cjs) at its root, and prints the handler string, the zipped and unzipped size and the 10 largest
inputs. @aws-sdk/* is left to the Lambda runtime unless --bundle-aws-sdk. Fails with STRANGLER_PACKAGE_* codes:
a native (.node) module in the graph, a package above Lambda's limits (50 MB zipped, 250 MB unzipped).

Options:
  --plan FILE          the migration plan (its functions: section)                  required
  --all                every handler function of the plan (bootstrap and code: functions are skipped)
  --out DIR            where the zips go                                            default ${DEFAULT_PACKAGE_DIR}
  --format esm|cjs     module format of the bundle                                  default esm
  --bundle-aws-sdk     bundle @aws-sdk/* instead of using the runtime's copy
  --minify             minify the bundle

Example:
  strangler package shop-catalog --plan migration-plans/shop.yaml
  strangler template --plan migration-plans/shop.yaml --out template.yaml`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      plan: { type: 'string' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      format: { type: 'string' },
      'bundle-aws-sdk': { type: 'boolean' },
      minify: { type: 'boolean' },
    });
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    if ((values.all === true) === positionals.length > 0) throw new UsageError('name one FUNCTION or give --all');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    if (values.format !== undefined && values.format !== 'esm' && values.format !== 'cjs')
      throw new UsageError(`--format must be esm or cjs, got "${values.format}"`);

    const loaded = loadPlanForCommand(values.plan, io);
    if (loaded === undefined) return 1;
    const { functions, baseDir } = functionsOfPlan(loaded);
    let chosen = functions;
    if (values.all === true) chosen = functions.filter((f) => f.handler !== undefined && f.code === undefined);
    else {
      chosen = functions.filter((f) => f.name === positionals[0]);
      if (chosen.length === 0) {
        const known = functions.map((f) => f.name).join(', ') || 'none';
        throw new PackageError(PACKAGE_CODES.UNKNOWN_FUNCTION, `function "${positionals[0]}" is not in ${values.plan} (functions: ${known})`);
      }
    }
    const options: PackageOptions = {
      outDir: values.out ?? DEFAULT_PACKAGE_DIR,
      ...(values.format === undefined ? {} : { format: values.format }),
      bundleAwsSdk: values['bundle-aws-sdk'] === true,
      minify: values.minify === true,
    };
    for (const fn of chosen) io.out(`${formatSummary(await packageFunction(fn, baseDir, options))}\n`);
    if (chosen.length === 0) io.out('no handler functions to package\n');
    return 0;
  },
};
