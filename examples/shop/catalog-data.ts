import { seededRandom, type Random } from './random.js';

/**
 * The catalog's data: ~50 products in five categories, generated from a seed, so every process that creates a
 * catalog with the same seed holds the same products (the monolith and the extracted catalog function agree).
 * Only `updatedAt` depends on when the catalog was created: a naturally nondeterministic field that shadow
 * comparisons must tolerate. Prices are integer cents.
 */

export const DEFAULT_SEED = 20_240_601;
export const PRODUCT_COUNT = 50;
export const CURRENCY = 'EUR';

export const CATEGORIES = ['books', 'electronics', 'garden', 'kitchen', 'toys'] as const;
export type Category = (typeof CATEGORIES)[number];

/** List orders: `featured` (catalog order), then by field; a leading `-` is descending. `relevance` needs `q`. */
export const SORTS = ['featured', 'relevance', 'price', '-price', 'name', '-name', 'rating', '-rating'] as const;
export type Sort = (typeof SORTS)[number];

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

export interface Product {
  id: number;
  name: string;
  slug: string;
  category: Category;
  priceCents: number;
  currency: string;
  rating: number;
  reviewCount: number;
  stock: number;
  tags: string[];
  description: string;
  /** When the product last changed: relative to the catalog's creation time, hence different per process. */
  updatedAt: string;
}

/** A product in lists. */
export interface ProductSummary {
  id: number;
  name: string;
  category: Category;
  priceCents: number;
  currency: string;
  rating: number;
  inStock: boolean;
  imageUrl: string;
}

export interface ProductQuery {
  category?: Category | undefined;
  /** Free text: every word must appear in the name, category, tags or description. */
  q?: string | undefined;
  minPriceCents?: number | undefined;
  maxPriceCents?: number | undefined;
  sort?: Sort | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface ProductPage {
  items: ProductSummary[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  sort: Sort;
}

export interface Catalog {
  readonly products: readonly Product[];
  get(id: number): Product | undefined;
  query(query: ProductQuery): ProductPage;
  categories(): Array<{ name: Category; productCount: number }>;
}

const WORDS: Record<Category, { nouns: string[]; adjectives: string[]; tags: string[]; price: [number, number] }> = {
  books: {
    nouns: ['Cookbook', 'Field Guide', 'Novel', 'Atlas', 'Poetry Collection', 'Travel Journal', 'Handbook', 'Biography'],
    adjectives: ['Illustrated', 'Pocket', 'Collected', 'Annotated', 'First-Edition', 'Hardcover', 'Complete'],
    tags: ['paperback', 'hardcover', 'bestseller', 'gift', 'classic'],
    price: [7, 45],
  },
  electronics: {
    nouns: ['Headphones', 'Speaker', 'Charger', 'Keyboard', 'Webcam', 'Desk Lamp', 'Power Bank', 'Mouse'],
    adjectives: ['Wireless', 'Compact', 'Portable', 'Ergonomic', 'Noise-Cancelling', 'Smart', 'USB-C'],
    tags: ['wireless', 'bluetooth', 'usb-c', 'rechargeable', 'office'],
    price: [15, 249],
  },
  garden: {
    nouns: ['Trowel', 'Watering Can', 'Planter', 'Hose', 'Pruner', 'Seed Kit', 'Bird Feeder', 'Kneeler'],
    adjectives: ['Galvanised', 'Terracotta', 'Stainless', 'Heavy-Duty', 'Folding', 'Organic', 'Weatherproof'],
    tags: ['outdoor', 'organic', 'tools', 'planting', 'gift'],
    price: [6, 89],
  },
  kitchen: {
    nouns: ['Skillet', 'Chef Knife', 'Cutting Board', 'Kettle', 'Mixing Bowl', 'Teapot', 'Grater', 'Dutch Oven'],
    adjectives: ['Cast-Iron', 'Stainless', 'Bamboo', 'Enamelled', 'Ceramic', 'Non-Stick', 'Copper'],
    tags: ['cookware', 'dishwasher-safe', 'gift', 'baking', 'tea'],
    price: [9, 179],
  },
  toys: {
    nouns: ['Puzzle', 'Building Set', 'Kite', 'Board Game', 'Train Set', 'Plush Bear', 'Yo-Yo', 'Marble Run'],
    adjectives: ['Wooden', 'Magnetic', 'Giant', 'Classic', 'Glow-in-the-Dark', 'Junior', 'Deluxe'],
    tags: ['wooden', 'family', 'ages-3+', 'ages-8+', 'educational'],
    price: [5, 99],
  },
};

const DAY_MS = 86_400_000;

/**
 * Creates the catalog. `now` is the reference for `updatedAt` (default: the current time).
 * @example
 *   const catalog = createCatalog();
 *   catalog.query({ category: 'books', sort: '-price', pageSize: 3 });
 */
export function createCatalog(options: { seed?: number; now?: Date } = {}): Catalog {
  const products = generateProducts(seededRandom(options.seed ?? DEFAULT_SEED), (options.now ?? new Date()).getTime());
  const byId = new Map(products.map((p) => [p.id, p]));
  return {
    products,
    get: (id) => byId.get(id),
    query: (query) => queryProducts(products, query),
    categories: () => CATEGORIES.map((name) => ({ name, productCount: products.filter((p) => p.category === name).length })),
  };
}

function generateProducts(random: Random, now: number): Product[] {
  const products: Product[] = [];
  const names = new Set<string>();
  for (let id = 1; id <= PRODUCT_COUNT; id++) {
    const category = CATEGORIES[(id - 1) % CATEGORIES.length]!;
    const words = WORDS[category];
    let name: string;
    do name = `${random.pick(words.adjectives)} ${random.pick(words.nouns)}`;
    while (names.has(name));
    names.add(name);
    const tags = [...new Set([random.pick(words.tags), random.pick(words.tags)])].sort();
    // Prices end in 99 cents, as shops like them.
    const priceCents = random.int(words.price[0], words.price[1]) * 100 - 1;
    products.push({
      id,
      name,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      category,
      priceCents,
      currency: CURRENCY,
      rating: random.int(25, 50) / 10,
      reviewCount: random.int(0, 800),
      stock: random.next() < 0.12 ? 0 : random.int(1, 120),
      tags,
      description: `${name} from our ${category} range (${tags.join(', ')}).`,
      updatedAt: new Date(now - random.int(1, 90 * DAY_MS)).toISOString(),
    });
  }
  return products;
}

export function summarize(p: Product): ProductSummary {
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    priceCents: p.priceCents,
    currency: p.currency,
    rating: p.rating,
    inStock: p.stock > 0,
    imageUrl: `/products/${p.id}/image`,
  };
}

/** Filters, ranks, sorts and pages. Pure: the router validates the query first. */
export function queryProducts(products: readonly Product[], query: ProductQuery): ProductPage {
  const words = (query.q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const sort: Sort = query.sort ?? (words.length > 0 ? 'relevance' : 'featured');
  const scored: Array<{ p: Product; score: number }> = [];
  for (const p of products) {
    if (query.category !== undefined && p.category !== query.category) continue;
    if (query.minPriceCents !== undefined && p.priceCents < query.minPriceCents) continue;
    if (query.maxPriceCents !== undefined && p.priceCents > query.maxPriceCents) continue;
    const score = relevance(p, words);
    if (score > 0 || words.length === 0) scored.push({ p, score });
  }
  scored.sort(comparator(sort));
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = query.page ?? 1;
  const start = (page - 1) * pageSize;
  return {
    items: scored.slice(start, start + pageSize).map(({ p }) => summarize(p)),
    page,
    pageSize,
    total: scored.length,
    totalPages: Math.ceil(scored.length / pageSize),
    sort,
  };
}

/** 0 unless every word matches somewhere; a match in the name weighs most. */
function relevance(p: Product, words: string[]): number {
  let score = 0;
  for (const w of words) {
    const s =
      (p.name.toLowerCase().includes(w) ? 3 : 0) +
      (p.tags.some((t) => t.includes(w)) ? 2 : 0) +
      (p.category.includes(w) || p.description.toLowerCase().includes(w) ? 1 : 0);
    if (s === 0) return 0;
    score += s;
  }
  return score;
}

type Scored = { p: Product; score: number };

function comparator(sort: Sort): (a: Scored, b: Scored) => number {
  const byId = (a: Scored, b: Scored): number => a.p.id - b.p.id;
  switch (sort) {
    case 'featured':
      return byId;
    case 'relevance':
      return (a, b) => b.score - a.score || byId(a, b);
    case 'price':
      return (a, b) => a.p.priceCents - b.p.priceCents || byId(a, b);
    case '-price':
      return (a, b) => b.p.priceCents - a.p.priceCents || byId(a, b);
    case 'name':
      return (a, b) => a.p.name.localeCompare(b.p.name, 'en') || byId(a, b);
    case '-name':
      return (a, b) => b.p.name.localeCompare(a.p.name, 'en') || byId(a, b);
    case 'rating':
      return (a, b) => a.p.rating - b.p.rating || byId(a, b);
    case '-rating':
      return (a, b) => b.p.rating - a.p.rating || byId(a, b);
  }
}
