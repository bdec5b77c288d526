// Reading a file as text the way an editor would: UTF-8 (a BOM is dropped and remembered), a PEP 263
// coding cookie when UTF-8 fails, otherwise UTF-8 with replacement characters and a note. Binary files
// and unreadable files come back as a clear reason, never an exception.
import { readFileSync } from 'fs';

export type ReadResult =
  | { ok: true; text: string; bom: boolean; note?: string; encoding: string }
  | { ok: false; reason: string };

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function readText(path: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? String(err)})`;
    return { ok: false, reason };
  }
  return decode(buf);
}

export function decode(buf: Buffer): ReadResult {
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: 'binary file, not text (it contains NUL bytes)' };
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf); // drops a BOM
    return { ok: true, text, bom, encoding: 'utf-8' };
  } catch {
    // A coding cookie on one of the first two lines (PEP 263).
    const firstLines = buf.subarray(0, 400).toString('latin1').split(/\r?\n/).slice(0, 2);
    for (const line of firstLines) {
      const m = COOKIE.exec(line);
      if (m) {
        try {
          const text = new TextDecoder(whatwgLabel(m[1])).decode(buf);
          return { ok: true, text, bom: false, encoding: m[1] };
        } catch {
          break;
        }
      }
    }
    const text = new TextDecoder('utf-8').decode(buf);
    return { ok: true, text, bom, encoding: 'utf-8', note: 'not valid UTF-8: analysed with replacement characters for the invalid bytes' };
  }
}

/** Python codec names (PEP 263) to the labels TextDecoder knows. */
function whatwgLabel(codec: string): string {
  const c = codec.toLowerCase().replace(/_/g, '-');
  if (c === 'latin-1' || c === 'iso8859-1' || c === 'l1') return 'latin1';
  if (/^iso8859-\d+$/.test(c)) return c.replace('iso8859', 'iso-8859');
  if (/^cp\d+$/.test(c)) return 'windows-' + c.slice(2);
  return c;
}

/** Encodes text back for writing, keeping a BOM the file had. Only UTF-8 files are written. */
export function encode(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}
