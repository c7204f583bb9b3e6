/**
 * A statement file from the renderer to the main process: in chunks over the contract's importUpload (the
 * browser-mode bridge takes bodies up to 1 MB, and a dropped file has no path even in the desktop app).
 */
import type { MyBucksApi } from '../../../../shared/contract';

export const CHUNK_BYTES = 512 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Sends `file`; `onProgress` gets the bytes the main process has confirmed. Resolves with the upload id. */
export async function uploadFile(api: MyBucksApi, file: File, onProgress: (received: number) => void): Promise<string> {
  let uploadId: string | undefined;
  let offset = 0;
  do {
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const answer = await api.importUpload({ uploadId, fileName: file.name, totalBytes: file.size, offset, chunkBase64: toBase64(chunk) });
    uploadId = answer.uploadId;
    offset = answer.receivedBytes;
    onProgress(offset);
  } while (offset < file.size);
  return uploadId;
}

/** A file dropped on the window, waiting for the import page to take it. */
let dropped: File | null = null;
const listeners = new Set<() => void>();

export function dropFile(file: File): void {
  dropped = file;
  for (const l of listeners) l();
}

export function takeDroppedFile(): File | null {
  const file = dropped;
  dropped = null;
  return file;
}

export function onFileDropped(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
