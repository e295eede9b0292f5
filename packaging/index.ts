/**
 * Deployment packages for Lambda: a plan function's handler bundled by esbuild into one file, zipped with the
 * layout Lambda's Node.js runtime loads (`index.mjs` or `index.js` at the root).
 */
export { bundleHandler, type Bundle, type BundleFormat, type BundleOptions } from './bundle.js';
export { PACKAGE_CODES, PackageError, type PackageCode } from './errors.js';
export { nativePackages, type NativeModule } from './native.js';
export {
  checkLimits,
  DEFAULT_PACKAGE_DIR,
  formatBytes,
  formatSummary,
  LAMBDA_SIZE_LIMITS,
  packageFunction,
  TOP_INPUTS,
  type PackagedFunction,
  type PackageOptions,
  type SizeLimits,
} from './package.js';
export { zipFiles } from './zip.js';
