import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions, type Server as TlsServer } from 'node:tls';
import type { Logger } from 'pino';
import { resolvePlanPath, type LoadedPlan } from '../plan/load.js';
import type { TlsFiles } from '../plan/schema.js';
import { watchFiles } from '../plan/watch-files.js';
import { TlsError } from './errors.js';

/**
 * HTTPS for the proxy's listeners (`listen.tls`, `admin.tls`): PEM files read at start, and read again, without a
 * restart, on every plan reload (SIGHUP) and whenever one of the files changes, so a certificate renewed on disk
 * (certbot, cert-manager, a mounted secret) is served to the next TLS handshake. Connections already open keep the
 * certificate they started with, as with nginx's reload.
 */

/** The PEM files of one listener, as absolute paths. */
export interface TlsPaths {
  cert: string;
  key: string;
  ca?: string;
}

/** `listen.tls` / `admin.tls` paths resolved against the plan file's folder. */
export function tlsPaths(loaded: Pick<LoadedPlan, 'dir'>, files: TlsFiles): TlsPaths {
  return {
    cert: resolvePlanPath(loaded, files.cert),
    key: resolvePlanPath(loaded, files.key),
    ...(files.ca === undefined ? {} : { ca: resolvePlanPath(loaded, files.ca) }),
  };
}

/**
 * Reads and checks a listener's PEM files: unreadable files, PEM that does not parse and a key that does not
 * belong to the certificate are a TlsError (STRANGLER_TLS_INVALID) naming the field and file.
 */
export function readTls(paths: TlsPaths, field: string): SecureContextOptions {
  const read = (name: keyof TlsPaths): Buffer => {
    const file = paths[name]!;
    try {
      return readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new TlsError(`${field}.${name}: cannot read ${file}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}`, err);
    }
  };
  const options: SecureContextOptions = { cert: read('cert'), key: read('key'), ...(paths.ca === undefined ? {} : { ca: read('ca') }) };
  try {
    // The same check a handshake would make, done now so a bad pair fails the start or the rotation, not a client.
    createSecureContext(options);
  } catch (err) {
    throw new TlsError(`${field}: ${paths.cert} and ${paths.key} do not make a usable certificate: ${(err as Error).message}`, err);
  }
  return options;
}

/** Re-reads a listener's certificate on demand and when its files change. */
export interface TlsRotation {
  /** Reads `paths` now (they may have changed with the plan) and serves them; false (logged) keeps the old ones. */
  update(paths: TlsPaths): boolean;
  close(): void;
}

/** Quiet time after the last file event before re-reading: a renewal writes the certificate and key separately. */
export const TLS_DEBOUNCE_MS = 100;

/**
 * Keeps `server`'s certificate current. A failed read keeps the certificate being served and logs
 * STRANGLER_TLS_RELOAD_FAILED; the next change (the rest of a renewal) is read again.
 */
export function rotateTls(server: TlsServer, initial: TlsPaths, field: string, logger: Logger): TlsRotation {
  let paths = initial;
  const apply = (trigger: string): boolean => {
    try {
      server.setSecureContext(readTls(paths, field));
      logger.info({ event: 'tls.reload', field, trigger, cert: paths.cert }, `${field}: certificate loaded`);
      return true;
    } catch (err) {
      logger.error(
        { event: 'tls.reload', field, trigger, code: 'STRANGLER_TLS_RELOAD_FAILED', err },
        `${field}: certificate not reloaded; the previous one keeps serving`,
      );
      return false;
    }
  };
  const filesOf = (p: TlsPaths): string[] => [p.cert, p.key, ...(p.ca === undefined ? [] : [p.ca])];
  // The plan's own file watcher: folders watched (a renewal that renames new files into place ends a watch on the
  // old inode), events debounced, an unchanged text ignored.
  const watcher = watchFiles(filesOf(paths), () => apply('file change'), {
    debounceMs: TLS_DEBOUNCE_MS,
    onError: (err, dir) => logger.warn({ event: 'tls.watch', field, dir, err }, `${field}: cannot watch ${dir}; the certificate reloads on SIGHUP only`),
  });

  return {
    update(next) {
      paths = next;
      watcher.setFiles(filesOf(next));
      return apply('reload');
    },
    close() {
      watcher.close();
    },
  };
}
