import type { BlobClient } from '@azure/storage-blob';

/**
 * A blob's text and the ETag of that very version, in one GET (downloadToBuffer would
 * first ask for the properties: twice the requests, and a window between them).
 */
export async function readBlobText(blob: BlobClient): Promise<{ text: string; etag: string }> {
  const response = await blob.download();
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag ?? '' };
}
