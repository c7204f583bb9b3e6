/**
 * Stateless pseudo-randomness: every value is a pure function of its inputs, so any transaction can be
 * generated on its own (no sequential RNG state to replay).
 */

/** FNV-1a of a string, as an unsigned 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes integers into one well-distributed unsigned 32-bit hash. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ (p >>> 0)) + Math.imul(p / 0x100000000, 0x27d4eb2f));
  return h;
}

/** A float in [0, 1) determined by the parts. */
export function unit(...parts: number[]): number {
  return mix(...parts) / 0x100000000;
}

/** An integer in [0, n) determined by the parts. */
export function pick(n: number, ...parts: number[]): number {
  return Math.floor(unit(...parts) * n);
}
