import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type BuildFailure, type Message, type Metafile } from 'esbuild';
import { splitHandler } from '../lambda-runtime/launch.js';
import { MODULE_EXTENSIONS } from '../lambda-runtime/preflight.js';
import { PACKAGE_CODES, PackageError } from './errors.js';
import { nativeImportPlugin, nativePackages, type NativeModule } from './native.js';

/**
 * One function's handler bundled by esbuild into a single file for Lambda's Node.js runtime: tree-shaken, with an
 * external source map, `@aws-sdk/*` left to the runtime (it ships SDK v3:
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */

export type BundleFormat = 'esm' | 'cjs';

export interface BundleOptions {
  /** `esm` (default): `index.mjs`; `cjs`: `index.js`. Lambda loads either from the package root. */
  format?: BundleFormat;
  /** Bundle `@aws-sdk/*` too instead of using the runtime's copy (pins the SDK version). Default false. */
  bundleAwsSdk?: boolean;
  /** Minify the output. Default false (readable stack traces without the map). */
  minify?: boolean;
  /** Node.js major version to target, from the function's runtime. */
  nodeMajor: number;
}

export interface Bundle {
  /** Files at the package root: the bundle and its source map. */
  files: Array<{ name: string; data: Uint8Array }>;
  /** Handler string inside the package, e.g. `index.handler`. */
  handler: string;
  /** Each input file (relative to the working directory) and the bytes it contributes to the bundle. */
  inputs: Array<{ path: string; bytes: number }>;
}

/**
 * Bundles `handler` (a plan handler string, relative to `baseDir`). Throws PackageError: ENTRY_NOT_FOUND,
 * BUILD_FAILED (with esbuild's file:line messages), NATIVE_MODULE (naming every addon found).
 * @example
 *   const bundle = await bundleHandler('../dist/examples/shop/functions/catalog.handler', 'migration-plans', { nodeMajor: 22 });
 */
export async function bundleHandler(functionName: string, handler: string, baseDir: string, options: BundleOptions): Promise<Bundle> {
  const parts = splitHandler(handler);
  const dir = resolve(baseDir, parts.dir);
  const base = join(dir, parts.module);
  // Lambda's order of extensions, so the bundle starts from the file Lambda would have loaded.
  const entry = MODULE_EXTENSIONS.map((ext) => base + ext).find((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true);
  if (entry === undefined) {
    throw new PackageError(PACKAGE_CODES.ENTRY_NOT_FOUND, `function "${functionName}": handler module ${base}{.js,.mjs,.cjs} does not exist (build it first?)`);
  }
  const format = options.format ?? 'esm';
  const outName = format === 'esm' ? 'index.mjs' : 'index.js';
  const natives: NativeModule[] = [];
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: dir,
      outfile: join(dir, outName),
      write: false,
      bundle: true,
      platform: 'node',
      format,
      target: `node${options.nodeMajor}`,
      treeShaking: true,
      minify: options.minify ?? false,
      sourcemap: 'external',
      // Mappings are enough for stack traces; the sources themselves would double the package.
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      external: options.bundleAwsSdk === true ? [] : ['@aws-sdk/*'],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins: give them one.
      ...(format === 'esm'
        ? {
            banner: {
              js: "import { createRequire as __stranglerCreateRequire } from 'node:module';\nconst require = __stranglerCreateRequire(import.meta.url);",
            },
          }
        : {}),
      plugins: [nativeImportPlugin(natives, dir)],
    });
  } catch (err) {
    const errors = (err as Partial<BuildFailure>).errors;
    if (errors === undefined) throw err;
    throw new PackageError(PACKAGE_CODES.BUILD_FAILED, `function "${functionName}": esbuild failed:\n${errors.map(formatMessage).join('\n')}`, { cause: err });
  }
  natives.push(...nativePackages(Object.keys(result.metafile.inputs), dir));
  if (natives.length > 0) {
    const list = natives.map((n) => `${n.module} (${n.file})`).join(', ');
    throw new PackageError(
      PACKAGE_CODES.NATIVE_MODULE,
      `function "${functionName}": native module ${list} in the dependency graph. A .node addon is machine code built for the machine that installed it, ` +
        "not for Lambda's Amazon Linux: install it for linux and the function's architecture (in a Lambda build image or a layer) and ship it beside the bundle, or use a pure-JavaScript package",
    );
  }
  const files = (result.outputFiles ?? []).map((f) => ({ name: f.path.slice(dir.length + 1), data: f.contents }));
  return { files, handler: `index.${parts.exportName}`, inputs: inputsOf(result.metafile, outName, dir) };
}

/** Inputs of the bundle by bytes in the output, largest first (esbuild's `analyzeMetafile` view). */
function inputsOf(metafile: Metafile, outName: string, dir: string): Array<{ path: string; bytes: number }> {
  const output = metafile.outputs[outName];
  return Object.entries(output?.inputs ?? {})
    .map(([path, i]) => ({ path: relative(process.cwd(), resolve(dir, path)), bytes: i.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

function formatMessage(m: Message): string {
  return m.location === null ? `  ${m.text}` : `  ${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}`;
}
