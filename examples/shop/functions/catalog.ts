import express from 'express';
// Inside this repository the adapters are imported by path; an application writes `from '@strangler-toolkit/strangler/adapters'`.
import { fromExpress } from '../../../adapters/index.js';
import { catalogRouter } from '../catalog.js';

/**
 * The shop's catalog, extracted into one Lambda function without rewriting it: the monolith's own catalog router
 * (examples/shop/catalog.ts), mounted at `/` exactly as the monolith mounts it, behind `fromExpress`. The local
 * Lambda service loads the compiled file, dist/examples/shop/functions/catalog.js, export `handler`.
 *
 * Each execution environment builds its catalog once, at init (module load), and keeps it between invocations,
 * as a real function would keep a connection pool.
 */
const app = express();
app.use(catalogRouter());

export const handler = fromExpress(app);
