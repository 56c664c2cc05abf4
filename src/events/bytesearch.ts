// Finding words in bytes, ignoring ASCII case: the prefilter's search for its most selective word, run
// over every byte of the input (scan.ts). The words are ASCII (src/commands/prefilter.ts keeps only
// printable ASCII pieces), so a byte matches a word's letter when it is that letter in either case, and
// no other byte does: the same matches as a case-insensitive RegExp over the bytes read as Latin-1 (in
// a RegExp without the u flag, no Latin-1 character folds to an ASCII one).
//
// Two ways, by the shortest word's length:
// - 12 bytes or more: Wu-Manber with 2-byte blocks, on the bytes themselves. The shift for the two
//   bytes at the end of the window comes from a 64 KiB table built with every case of each pair, so
//   the loop reads two bytes and one table entry per step and no text is copied. Over 256 MiB of
//   CloudTrail JSON: ModifySnapshotAttribute 51 ms, against 154 ms for Latin-1 strings and a RegExp.
// - shorter words: V8's RegExp over Latin-1 copies of ~64 KiB pieces. Short words shift the window
//   little (JSON text is full of their letter pairs) and there the RegExp engine wins (a 3-letter
//   word: 160 ms against 540 ms).
import { SCAN_BYTES, latin1Slice } from "./scan.js";

/**
 * Every occurrence that matters, in order: `hit` is given the offset of an occurrence in
 * bytes[from, to) and answers where to look next (at least one past the occurrence).
 */
export interface ByteFinder {
  each(bytes: Buffer, from: number, to: number, hit: (at: number) => number): void;
}

/** Words whose shortest is at least this long are searched in the bytes (Wu-Manber). */
export const WU_MANBER_MIN = 12;

function foldedBytes(word: string): Uint8Array {
  if (!/^[\x00-\x7f]*$/.test(word)) throw new Error(`the prefilter's words are ASCII: ${JSON.stringify(word)}`);
  return Uint8Array.from(word.toLowerCase(), (c) => c.charCodeAt(0));
}

/** The byte and, for a letter, its other case. */
function cases(lower: number): number[] {
  return lower >= 0x61 && lower <= 0x7a ? [lower, lower - 0x20] : [lower];
}

/** A finder for any of `words` (ASCII, not empty), ignoring ASCII case. */
export function caseInsensitiveFinder(words: readonly string[]): ByteFinder {
  if (words.length === 0 || words.some((w) => w.length === 0)) throw new Error("a finder needs words, none empty");
  const m = Math.min(...words.map((w) => w.length));
  return m >= WU_MANBER_MIN ? wuManber(words.map(foldedBytes), m) : regExpFinder(words);
}

function wuManber(words: readonly Uint8Array[], m: number): ByteFinder {
  // The window is the m bytes ending at i; a pair of bytes ending at position j of a word's first m
  // bytes says the window may end m - 1 - j further on. Pairs in no word shift by m - 1.
  const shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
  for (const w of words) {
    for (let j = 1; j < m; j++) {
      const s = Math.min(255, m - 1 - j);
      for (const a of cases(w[j - 1]!)) for (const b of cases(w[j]!)) if (s < shift[(a << 8) | b]!) shift[(a << 8) | b] = s;
    }
  }
  /** Whether `word` (folded) is at bytes[at...], within `to`. */
  const matches = (bytes: Buffer, at: number, to: number, word: Uint8Array): boolean => {
    if (at + word.length > to) return false;
    for (let k = 0; k < word.length; k++) {
      const x = bytes[at + k]!;
      if ((x >= 0x41 && x <= 0x5a ? x | 0x20 : x) !== word[k]) return false;
    }
    return true;
  };
  return {
    each(bytes, from, to, hit) {
      let i = from + m - 1;
      while (i < to) {
        const s = shift[(bytes[i - 1]! << 8) | bytes[i]!]!;
        if (s !== 0) {
          i += s;
          continue;
        }
        // A plain loop: this runs at every common pair that ends a word ("te" of ModifySnapshotAttribute),
        // and a callback here allocated enough to make a scavenge every ~2 MiB scanned.
        const at = i - m + 1;
        let found = false;
        for (let k = 0; k < words.length && !found; k++) found = matches(bytes, at, to, words[k]!);
        if (found) {
          const next = hit(at);
          if (!(next > at)) throw new Error("ByteFinder: hit must answer a position past the occurrence");
          i = Math.max(next + m - 1, i + 1);
        } else i++;
      }
    },
  };
}

function regExpFinder(words: readonly string[]): ByteFinder {
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "gi");
  return {
    each(bytes, from, to, hit) {
      // Pieces end at a newline (or at `to`): no word holds one, so no occurrence spans two pieces.
      let start = from;
      while (start < to) {
        let end = to;
        if (start + SCAN_BYTES < to) {
          const nl = lastNewline(bytes, start, start + SCAN_BYTES);
          end = nl >= 0 ? nl + 1 : Math.min(to, nextNewline(bytes, start + SCAN_BYTES, to) + 1 || to);
        }
        const s = latin1Slice.call(bytes, start, end);
        re.lastIndex = 0;
        for (let m = re.exec(s); m; m = re.exec(s)) {
          const next = hit(start + m.index);
          if (!(next > start + m.index)) throw new Error("ByteFinder: hit must answer a position past the occurrence");
          if (next >= end) {
            start = next;
            break;
          }
          re.lastIndex = next - start;
        }
        if (start < end) start = end;
      }
    },
  };
}

/** The last newline in bytes[from, to), or -1. */
function lastNewline(bytes: Buffer, from: number, to: number): number {
  const i = bytes.lastIndexOf(0x0a, to - 1);
  return i >= from ? i : -1;
}

/** The first newline in bytes[from, to), or -1. */
function nextNewline(bytes: Buffer, from: number, to: number): number {
  const i = bytes.indexOf(0x0a, from);
  return i >= 0 && i < to ? i : -1;
}
