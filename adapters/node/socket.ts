import { EventEmitter } from 'node:events';

type WriteCallback = (err?: Error | null) => void;

/**
 * The in-memory stand-in for a TCP socket under one request/response pair. The real `ServerResponse` writes its
 * status line, headers and body to it; the socket keeps the body bytes (the header block, which Node renders
 * itself, is dropped: headers are read back with `getHeaders()`). No listener, no file descriptor, no parsing.
 * Chunked framing never happens: the response is created with `useChunkedEncodingByDefault = false` and any
 * `transfer-encoding` header is removed before the head is written.
 */
export class LambdaSocket extends EventEmitter {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined = undefined;
  readonly encrypted: boolean;
  // Readable while the exchange lasts, as a connection is: on-finished (body-parser) treats an unreadable socket
  // as a request already read and skips the body.
  readable = true;
  writable = true;
  destroyed = false;
  readonly connecting = false;
  readonly writableLength = 0;
  readonly _writableState: { corked: number } = { corked: 0 };
  /** Set by `ServerResponse.assignSocket`. */
  _httpMessage: { _header?: string | null } | null = null;
  /** Body chunks, in order. */
  readonly chunks: Buffer[] = [];
  /** Called once if the app destroys the socket (or the response) before it finished. */
  onDestroy: ((err: Error | undefined) => void) | undefined;
  private headerSkipped = false;

  constructor(remoteAddress: string | undefined, encrypted: boolean) {
    super();
    this.remoteAddress = remoteAddress;
    this.encrypted = encrypted;
  }

  get remoteFamily(): string | undefined {
    if (this.remoteAddress === undefined) return undefined;
    return this.remoteAddress.includes(':') ? 'IPv6' : 'IPv4';
  }

  write(data: string | Uint8Array, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    if (!this.headerSkipped && typeof data === 'string') {
      // Node sends the rendered head first: alone (before a Buffer chunk) or glued to the first string chunk.
      const header = this._httpMessage?._header;
      if (data === header) {
        this.headerSkipped = true;
        data = '';
      } else if (typeof header === 'string' && data.startsWith(header)) {
        this.headerSkipped = true;
        data = data.slice(header.length);
      }
    }
    if (data.length > 0) {
      this.chunks.push(typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
    if (callback) process.nextTick(callback);
    return true;
  }

  cork(): void {}
  uncork(): void {}
  end(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; family: string; port: number } {
    return { address: '127.0.0.1', family: 'IPv4', port: this.encrypted ? 443 : 80 };
  }

  destroy(err?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = false;
    this.writable = false;
    this.onDestroy?.(err);
    // No 'error' event: nothing listens on this socket for one, and the error already went to onDestroy.
    process.nextTick(() => this.emit('close', err !== undefined));
    return this;
  }

  destroySoon(): void {
    this.destroy();
  }
}
