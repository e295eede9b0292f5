import { Router, type Request } from 'express';
import { CATEGORIES, createCatalog, MAX_PAGE_SIZE, SORTS, type Catalog, type Category, type ProductQuery, type Sort } from './catalog-data.js';
import { badRequest, errorHandler, idParam, notFound, queryInt, queryString, systemClock, type Clock } from './http.js';
import { productImage } from './image.js';

/**
 * The catalog: the part of the shop that is extracted first. It is a self-contained Express Router (its own data,
 * its own error handling, no state shared with the rest of the shop), so the monolith mounts it at `/` and the
 * catalog Lambda function (examples/shop/functions/catalog.ts) wraps the very same router with `fromExpress`.
 *
 *   GET /categories                 categories with product counts
 *   GET /products                   list: ?category= &q= &minPriceCents= &maxPriceCents= &sort= &page= &pageSize=
 *   GET /products/search?q=         free-text search (q required), same filters, sorted by relevance by default
 *   GET /products/:id               one product
 *   GET /products/:id/image         its thumbnail (image/png)
 *
 * Every JSON answer carries `servedAt`, and products an `updatedAt` relative to the process start: fields that
 * differ between two correct answers, as in real systems.
 */

export interface CatalogRouterOptions {
  /** The data to serve. Default: `createCatalog()` (the default seed). */
  catalog?: Catalog;
  /** Source of `servedAt`. Default: the system clock. */
  clock?: Clock;
}

/**
 * @example
 *   const app = express();
 *   app.use(catalogRouter());
 *   export const handler = fromExpress(app);   // @strangler-toolkit/strangler/adapters
 */
export function catalogRouter(options: CatalogRouterOptions = {}): Router {
  const catalog = options.catalog ?? createCatalog();
  const clock = options.clock ?? systemClock;
  const servedAt = (): string => clock().toISOString();
  const router = Router();

  router.get('/categories', (_req, res) => {
    res.json({ items: catalog.categories(), servedAt: servedAt() });
  });

  router.get('/products', (req, res) => {
    res.json({ ...catalog.query(productQuery(req, false)), servedAt: servedAt() });
  });

  router.get('/products/search', (req, res) => {
    const query = productQuery(req, true);
    res.json({ query: query.q, ...catalog.query(query), servedAt: servedAt() });
  });

  router.get('/products/:id', (req, res) => {
    const id = idParam(req, 'id');
    const product = catalog.get(id);
    if (product === undefined) throw notFound(`product ${id} does not exist`);
    res.json({ ...product, inStock: product.stock > 0, imageUrl: `/products/${id}/image`, servedAt: servedAt() });
  });

  const images = new Map<number, Buffer>();
  router.get('/products/:id/image', (req, res) => {
    const id = idParam(req, 'id');
    const product = catalog.get(id);
    if (product === undefined) throw notFound(`product ${id} does not exist`);
    let png = images.get(id);
    if (png === undefined) images.set(id, (png = productImage(product)));
    res.set('Cache-Control', 'public, max-age=86400').type('image/png').send(png);
  });

  // Errors of the catalog's own handlers become the shop's JSON errors here, so the router answers the same way
  // mounted in the monolith or alone in a Lambda function.
  router.use(errorHandler);
  return router;
}

/** Reads and validates the list/search query parameters; every mistake is a 400 naming the parameter. */
function productQuery(req: Request, search: boolean): ProductQuery {
  const q = queryString(req, 'q')?.trim();
  if (search && (q === undefined || q === '')) throw badRequest('q', 'is required: the words to search for');
  if (q !== undefined && q.length > 100) throw badRequest('q', 'must be at most 100 characters');

  const category = queryString(req, 'category');
  if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category)) {
    throw badRequest('category', `unknown category "${category}"; one of ${CATEGORIES.join(', ')}`);
  }
  const sort = queryString(req, 'sort');
  if (sort !== undefined && !(SORTS as readonly string[]).includes(sort)) {
    throw badRequest('sort', `must be one of ${SORTS.join(', ')}, got "${sort}"`);
  }
  if (sort === 'relevance' && (q === undefined || q === '')) throw badRequest('sort', 'relevance needs a search text in q');

  const minPriceCents = queryInt(req, 'minPriceCents', 0, 10_000_000);
  const maxPriceCents = queryInt(req, 'maxPriceCents', 0, 10_000_000);
  if (minPriceCents !== undefined && maxPriceCents !== undefined && minPriceCents > maxPriceCents) {
    throw badRequest('minPriceCents', `must not exceed maxPriceCents (${minPriceCents} > ${maxPriceCents})`);
  }
  return {
    q: q === '' ? undefined : q,
    category: category as Category | undefined,
    sort: sort as Sort | undefined,
    minPriceCents,
    maxPriceCents,
    page: queryInt(req, 'page', 1, 10_000),
    pageSize: queryInt(req, 'pageSize', 1, MAX_PAGE_SIZE),
  };
}
