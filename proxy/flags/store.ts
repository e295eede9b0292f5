import type {
  LDFeatureStore,
  LDFeatureStoreDataStorage,
  LDFeatureStoreItem,
  LDFeatureStoreKindData,
  LDKeyedFeatureStoreItem,
} from '@launchdarkly/node-server-sdk';

type Kind = Parameters<LDFeatureStore['get']>[0];
type Item = LDFeatureStoreItem & { deleted?: boolean };

/**
 * The SDK's in-memory feature store, plus synchronous reads of raw flag JSON. The resolver reads flags from here to
 * describe each route's stage (`/routes`, audit lines, `flags show`); the SDK evaluates from here. Same semantics as
 * the SDK's own InMemoryFeatureStore (which it does not export): deleted items are version tombstones, upserts never
 * go back in version.
 */
export class FlagStore implements LDFeatureStore {
  private data: Record<string, Record<string, Item>> = {};
  private initCalled = false;

  /** The raw flag, or undefined when missing or deleted. */
  flag(key: string): Record<string, unknown> | undefined {
    const item = this.data.features?.[key];
    return item && !item.deleted ? (item as Record<string, unknown>) : undefined;
  }

  get(kind: Kind, key: string, callback: (res: LDFeatureStoreItem | null) => void): void {
    const item = this.data[kind.namespace]?.[key];
    callback(item && !item.deleted ? item : null);
  }

  all(kind: Kind, callback: (res: LDFeatureStoreKindData) => void): void {
    const out: LDFeatureStoreKindData = {};
    for (const [key, item] of Object.entries(this.data[kind.namespace] ?? {})) if (!item.deleted) out[key] = item;
    callback(out);
  }

  init(allData: LDFeatureStoreDataStorage, callback: (err?: Error) => void): void {
    this.data = allData as Record<string, Record<string, Item>>;
    this.initCalled = true;
    callback();
  }

  delete(kind: Kind, key: string, version: number, callback: () => void): void {
    this.upsert(kind, { key, version, deleted: true } as LDKeyedFeatureStoreItem, callback);
  }

  upsert(kind: Kind, data: LDKeyedFeatureStoreItem, callback: (err?: Error) => void): void {
    // Copy-on-write, like the SDK's store: an evaluation in progress keeps a consistent snapshot.
    const items = { ...(this.data[kind.namespace] ?? {}) };
    const old = items[data.key];
    if (!old || old.version < data.version) items[data.key] = { ...data } as Item;
    this.data = { ...this.data, [kind.namespace]: items };
    callback();
  }

  initialized(callback: (isInitialized: boolean) => void): void {
    callback(this.initCalled);
  }

  close(): void {}

  getDescription(): string {
    return 'strangler-memory';
  }
}
