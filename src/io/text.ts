/**
 * Reading a text file as a careful user would: gzip by its magic bytes (whatever the name), the
 * UTF-8 byte-order mark dropped, UTF-8 when the bytes are valid UTF-8, else Windows-1252 (a
 * superset of Latin-1, what Home Office and ONS downloads saved from Excel use). Files that are
 * not text — UTF-16, binary, a spreadsheet, a truncated .gz — are refused with the reason.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { EncodingError, InputError } from "../errors";

export type TextEncoding = "utf-8" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Decompresses when the bytes are gzip (an error names a truncated or corrupt file). */
export function gunzipIfNeeded(buf: Buffer, source: string): Buffer {
  if (!isGzip(buf)) {
    if (source.endsWith(".gz")) throw new EncodingError(`${source}: not a gzip file (no gzip header) although it ends in .gz`, { file: source });
    return buf;
  }
  try {
    return gunzipSync(buf);
  } catch (e) {
    const why = (e as { code?: string }).code === "Z_BUF_ERROR" ? "truncated (unexpected end of the compressed data)" : `corrupt (${(e as Error).message})`;
    throw new EncodingError(`${source}: the gzip file is ${why}; download or copy it again`, { file: source });
  }
}

/**
 * Refuses bytes that are not text: UTF-16/32 (by byte-order mark, or NUL bytes every other
 * byte), zip/xlsx and other binary files (NUL bytes). Looks at the first 64 KiB only.
 */
export function checkTextBytes(b: Uint8Array, source: string): void {
  const head = b.subarray(0, 65536);
  const ctx = { file: source };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new EncodingError(`${source}: the file is UTF-16 (byte-order mark ${head[0] === 0xff ? "FF FE" : "FE FF"}); save it as UTF-8 CSV`, ctx);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new EncodingError(`${source}: the file is a zip archive (an .xlsx workbook?), not CSV text; export the sheet as CSV`, ctx);
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    let alternate = 0;
    for (let k = 1; k < Math.min(head.length, 200); k += 2) if (head[k] === 0 || head[k - 1] === 0) alternate++;
    const utf16 = alternate >= Math.min(head.length, 200) / 2 - 2;
    throw new EncodingError(utf16
      ? `${source}: the file looks like UTF-16 without a byte-order mark (NUL in every other byte); save it as UTF-8 CSV`
      : `${source}: binary file (NUL byte at offset ${nul}), not CSV text`, ctx);
  }
}

/** Decodes bytes: UTF-8 (BOM dropped) when valid, else Windows-1252. */
export function decodeText(buf: Uint8Array, source: string): DecodedText {
  checkTextBytes(buf, source);
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buf);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(buf), encoding: "windows-1252" };
  }
}

/** Reads a text file (gzip allowed), decoded as above; a missing or unreadable file is an InputError. */
export function readText(path: string): DecodedText {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new InputError(`cannot read ${path}: ${why}`, { file: path });
  }
  return decodeText(gunzipIfNeeded(buf, path), path);
}
