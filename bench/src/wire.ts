import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * A minimal WebSocket client over a raw TCP socket (RFC 6455, binary frames only).
 *
 * The benchmark measures servers, so the thousand clients living in the benchmark process must
 * cost as little as possible: no event emitter per message, no per-frame allocation beyond the
 * payload view, and a "discard" mode in which incoming bytes are counted but never parsed (the
 * throughput writers, which would otherwise parse twenty times the server's output).
 */
export class LiteSocket {
  /** Called for every complete binary message, with `performance.now()` taken when its bytes arrived. */
  onMessage: ((data: Buffer, at: number) => void) | null = null;
  /** Called once when the connection ends, for whatever reason. */
  onClose: ((code: number, reason: string) => void) | null = null;
  /** Bytes of WebSocket frames received (handshake excluded). */
  bytesReceived = 0;
  /** When true, received bytes are only counted: pings go unanswered and messages are not delivered. */
  discard = false;
  closed = false;
  private pending: Buffer | null = null;
  private fragments: Buffer[] = [];

  private constructor(private readonly socket: net.Socket) {}

  /** Opens `ws://host:port/path` with optional extra headers (e.g. a session cookie). */
  static connect(url: string, headers: Record<string, string> = {}, timeoutMs = 20_000): Promise<LiteSocket> {
    const { hostname, port, pathname, search } = new URL(url);
    const key = randomBytes(16).toString('base64');
    const expectedAccept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.setNoDelay(true);
      const timer = setTimeout(() => fail(new Error(`WebSocket handshake to ${url} timed out`)), timeoutMs);
      let head = Buffer.alloc(0);
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('close', () => fail(new Error(`connection to ${url} closed during the handshake`)));
      socket.on('connect', () => {
        const extra = Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        socket.write(
          `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
        );
      });
      const onHandshakeData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = head.subarray(0, end).toString('latin1');
        const status = /^HTTP\/1\.1 (\d+)/.exec(text)?.[1];
        if (status !== '101' || !text.includes(expectedAccept)) {
          return fail(new Error(`upgrade to ${url} refused: ${text.split('\r\n')[0]}`));
        }
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        const ws = new LiteSocket(socket);
        socket.on('data', (data: Buffer) => ws.onData(data));
        socket.on('error', () => ws.ended(1006, 'socket error'));
        socket.on('close', () => ws.ended(1006, 'socket closed'));
        resolve(ws);
        const rest = head.subarray(end + 4);
        if (rest.length > 0) ws.onData(rest);
      };
      socket.on('data', onHandshakeData);
    });
  }

  /** Sends one binary message (masked, as a client must). */
  send(payload: Uint8Array): void {
    if (this.closed) return;
    this.socket.write(frame(0x2, payload));
  }

  /** Starts the closing handshake and drops the socket shortly after. */
  close(): void {
    if (this.closed) return;
    this.socket.write(frame(0x8, Buffer.from([0x03, 0xe8])));
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.ended(1000, 'client closed');
  }

  /**
   * Stops reading the socket (an attacker that never reads, scenario 8): the kernel buffers fill and
   * the server's writes to it back up. Sends still go out; a server that cuts the connection shows
   * as a failed write (the close frame is never read), which ends the socket.
   */
  pauseReading(): void {
    this.discard = true;
    this.socket.pause();
  }

  /** Drops the TCP connection without a closing handshake. */
  terminate(): void {
    this.socket.destroy();
    this.ended(1006, 'terminated');
  }

  private ended(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.(code, reason);
  }

  private onData(chunk: Buffer): void {
    const at = performance.now();
    this.bytesReceived += chunk.length;
    if (this.discard) return;
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let offset = 0;
    while (buf.length - offset >= 2) {
      const b0 = buf[offset]!;
      const b1 = buf[offset + 1]!;
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buf.length - offset < 4) break;
        length = buf.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (buf.length - offset < 10) break;
        length = Number(buf.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (b1 & 0x80) header += 4; // servers never mask, but skip a mask if one is there
      if (buf.length - offset < header + length) break;
      const payload = buf.subarray(offset + header, offset + header + length);
      offset += header + length;
      this.onFrame(b0 & 0x80, b0 & 0x0f, payload, at);
      if (this.closed || this.discard) return;
    }
    if (offset < buf.length) this.pending = Buffer.from(buf.subarray(offset));
  }

  private onFrame(fin: number, opcode: number, payload: Buffer, at: number): void {
    switch (opcode) {
      case 0x0: // continuation
      case 0x1:
      case 0x2: {
        if (!fin) {
          this.fragments.push(Buffer.from(payload));
          return;
        }
        let message = payload;
        if (this.fragments.length > 0) {
          message = Buffer.concat([...this.fragments, payload]);
          this.fragments = [];
        }
        this.onMessage?.(message, at);
        return;
      }
      case 0x8: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.subarray(2).toString('utf8');
        if (!this.closed) this.socket.write(frame(0x8, payload.subarray(0, 2)));
        this.socket.end();
        this.ended(code, reason);
        return;
      }
      case 0x9:
        this.socket.write(frame(0xa, payload));
        return;
      default:
        return; // pong
    }
  }
}

/** One masked client frame with FIN set. */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + 4 + length);
  out[0] = 0x80 | opcode;
  if (header === 2) out[1] = 0x80 | length;
  else if (header === 4) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = nextMask();
  out.writeUInt32BE(mask, header);
  const m0 = mask >>> 24;
  const m1 = (mask >>> 16) & 0xff;
  const m2 = (mask >>> 8) & 0xff;
  const m3 = mask & 0xff;
  const base = header + 4;
  for (let i = 0; i < length; i++) {
    const m = (i & 3) === 0 ? m0 : (i & 3) === 1 ? m1 : (i & 3) === 2 ? m2 : m3;
    out[base + i] = payload[i]! ^ m;
  }
  return out;
}

// Masks come from a pool of random bytes refilled now and then: a fresh mask per frame, as the
// RFC asks, without a crypto call per frame.
let maskPool = randomBytes(4096);
let maskOffset = 0;
function nextMask(): number {
  if (maskOffset + 4 > maskPool.length) {
    maskPool = randomBytes(4096);
    maskOffset = 0;
  }
  const mask = maskPool.readUInt32BE(maskOffset);
  maskOffset += 4;
  return mask;
}
