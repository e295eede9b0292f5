import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Native addons cannot travel in a bundle: a `.node` file is machine code built for the computer that ran
 * `npm install`, and Lambda runs Amazon Linux (x86_64 or arm64) with its own glibc. They are found two ways: an
 * import esbuild sees (`require('./addon.node')`), and packages in the graph that ship `.node` files or a
 * `binding.gyp` (loaded at run time through `bindings` or `node-gyp-build`, which esbuild cannot follow).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html
 */

export interface NativeModule {
  /** Package name (`better-sqlite3`), or the addon's path when it is not inside a package. */
  module: string;
  /** The `.node` file (or `binding.gyp`) found, relative to the working folder. */
  file: string;
}

/** An esbuild plugin that records every `.node` import and keeps it out of the bundle. */
export function nativeImportPlugin(found: NativeModule[], workingDir: string): Plugin {
  return {
    name: 'strangler-native-imports',
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, (args) => {
        const file = resolve(args.resolveDir, args.path);
        found.push({ module: packageRoot(file)?.name ?? relative(workingDir, file), file: relative(workingDir, file) });
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Packages among the bundle's inputs (paths relative to `workingDir`, as in esbuild's metafile) that hold a native
 * addon. Each package folder is searched once, without its own node_modules.
 */
export function nativePackages(inputs: readonly string[], workingDir: string): NativeModule[] {
  const roots = new Map<string, string>();
  for (const input of inputs) {
    const root = packageRoot(resolve(workingDir, input));
    if (root !== undefined) roots.set(root.dir, root.name);
  }
  const found: NativeModule[] = [];
  for (const [dir, name] of roots) {
    const addon = findAddon(dir, 0);
    if (addon !== undefined) found.push({ module: name, file: relative(workingDir, addon) });
  }
  return found;
}

function findAddon(dir: string, depth: number): string | undefined {
  if (depth === 0 && existsSync(join(dir, 'binding.gyp'))) return join(dir, 'binding.gyp');
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) if (e.isFile() && e.name.endsWith('.node')) return join(dir, e.name);
  // Addons sit a few folders down (build/Release, prebuilds/linux-x64); deeper trees are source, not binaries.
  if (depth >= 4) return undefined;
  for (const e of entries) {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const hit = findAddon(join(dir, e.name), depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The package folder and name of a file inside node_modules (the last node_modules on its path). */
function packageRoot(file: string): { dir: string; name: string } | undefined {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1]!.startsWith('@');
  const nameParts = parts.slice(at + 1, at + (scoped ? 3 : 2));
  return { dir: parts.slice(0, at + 1 + nameParts.length).join(sep), name: nameParts.join('/') };
}
