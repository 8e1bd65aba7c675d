// A local file server for media-by-URL tests and the bench: fixed files, redirects, failures, a silent route.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A 1x1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body>not an image</body></html>');

export type FileServer = { url: string; close(): Promise<void> };

/** `unref`: the server never keeps the process alive (the bench). */
export async function startFileServer(options: { unref?: boolean } = {}): Promise<FileServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, bytes: Buffer) => {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length });
      res.end(bytes);
    };
    const redirect = (location: string) => {
      res.writeHead(302, { Location: location });
      res.end();
    };
    if (path === '/logo.png') return send('image/png', PNG);
    if (path === '/invoice.pdf') return send('application/octet-stream', PDF);
    if (path === '/fake.png') return send('image/png', HTML);
    // Over MMS's 5 MB, under WhatsApp's 16 MB (a PDF: WhatsApp's images stop at 5 MB too).
    if (path === '/big.pdf') return send('application/pdf', Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 32)]));
    const hops = /^\/hops\/(\d+)$/.exec(path);
    if (hops) return Number(hops[1]) === 0 ? send('image/png', PNG) : redirect(`/hops/${Number(hops[1]) - 1}`);
    if (path === '/to-metadata') return redirect('http://169.254.169.254/latest/meta-data/');
    if (path === '/to-private-https') return redirect('https://10.0.0.1/a.png');
    if (path === '/fails') {
      res.writeHead(500);
      return res.end();
    }
    if (path === '/silent') return; // never answers
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
