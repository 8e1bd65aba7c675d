// The content type is read from the bytes (file-type), never taken from the host's header or
// the URL: an HTML page named .png is HTML. file-type is ESM only: loaded with import(), kept
// as is by the bundle (packages stay external), once per instance.
import { lazy } from '../common/lazy';

type FileTypeModule = { fileTypeFromBuffer(buffer: Uint8Array): Promise<{ mime: string } | undefined> };

const load = lazy(() => import('file-type') as Promise<FileTypeModule>);

/** The sniffed MIME type, or undefined when the bytes match no known binary format (text, HTML, ...). */
export async function sniffContentType(bytes: Uint8Array): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await load();
  return (await fileTypeFromBuffer(bytes))?.mime;
}
