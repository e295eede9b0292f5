import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TEMPLATE_FORMATS, templateOfPlan, templateYaml, type TemplateFormat } from '../../cloudformation/index.js';
import { DEFAULT_PACKAGE_DIR } from '../../packaging/index.js';
import { loadPlanForCommand, parseCommandArgs, UsageError, type Command } from '../command.js';

export const templateCommand: Command = {
  name: 'template',
  summary: "write an AWS SAM (or CloudFormation) template for the plan's functions and the proxy's invoke policy",
  help: `Usage: strangler template --plan FILE [--format sam|cloudformation] [--out FILE] [--package-dir DIR]

Writes a template (YAML) deploying the plan's functions: AWS::Serverless::Function (sam, default) or
AWS::Lambda::Function with an AWS::IAM::Role each (cloudformation), with Handler, Runtime (default nodejs22.x),
Architectures, MemorySize, Timeout, Environment, ReservedConcurrentExecutions and the aliases routes invoke; and
an AWS::IAM::ManagedPolicy for the proxy allowing lambda:InvokeFunction on exactly those functions and aliases.
Handler functions deploy the zips of strangler package (run it first, with the same --out as --package-dir).

Options:
  --plan FILE              the migration plan                                       required
  --format sam|cloudformation                                                       default sam
  --out FILE               write the template here (CodeUri paths relative to it)   default: stdout
  --package-dir DIR        where strangler package wrote the zips                   default ${DEFAULT_PACKAGE_DIR}

Example:
  strangler package --all --plan migration-plans/shop.yaml
  strangler template --plan migration-plans/shop.yaml --out template.yaml
  sam deploy --template-file template.yaml --stack-name shop-functions --capabilities CAPABILITY_IAM --resolve-s3`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { plan: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'package-dir': { type: 'string' } },
      false,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const format = (values.format ?? 'sam') as TemplateFormat;
    if (!TEMPLATE_FORMATS.includes(format)) throw new UsageError(`--format must be ${TEMPLATE_FORMATS.join(' or ')}, got "${values.format}"`);

    const loaded = loadPlanForCommand(values.plan, io);
    if (loaded === undefined) return 1;
    const templateDir = values.out === undefined ? process.cwd() : dirname(resolve(values.out));
    const template = templateOfPlan(loaded, format, { packageDir: resolve(values['package-dir'] ?? DEFAULT_PACKAGE_DIR), templateDir });
    const text = templateYaml(template, values.plan);
    if (values.out === undefined) io.out(text);
    else {
      writeFileSync(values.out, text);
      io.out(`${values.out}: written (${format})\n`);
    }
    return 0;
  },
};
