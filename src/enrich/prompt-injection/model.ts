/**
 * The prompt-injection model: logistic regression over InjectionFeaturizer features, followed by
 * Platt calibration. Stored as a small binary file, hashed weights Int16-quantised.
 *
 * File layout (little endian):
 *   magic "LSPI" | u32 version (1) | u32 hashBits | u32 denseCount | f32 bias | f32 weightScale
 *   | f32 calibrationA | f32 calibrationB | f32[denseCount] dense | i16[2^hashBits] hashed
 */
import { readFileSync } from 'node:fs';
import { DENSE_FEATURES, type InjectionFeatures } from './features.ts';

const MAGIC = 0x4950534c; // "LSPI"
const VERSION = 1;
const HEADER_BYTES = 32;

export interface InjectionModelWeights {
  hashBits: number;
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
  /** Platt calibration of the raw logit: p = sigmoid(a · logit + b). */
  calibrationA: number;
  calibrationB: number;
}

export const INJECTION_MODEL_URL = new URL('./model/prompt-injection-model.bin', import.meta.url);

export function encodeInjectionModel(w: InjectionModelWeights): Uint8Array {
  const size = 1 << w.hashBits;
  if (w.hashed.length !== size) throw new Error(`expected ${size} hashed weights, got ${w.hashed.length}`);
  let maxAbs = 0;
  for (let i = 0; i < size; i++) maxAbs = Math.max(maxAbs, Math.abs(w.hashed[i]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = new Uint8Array(HEADER_BYTES + w.dense.length * 4 + size * 2);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, w.hashBits, true);
  view.setUint32(12, w.dense.length, true);
  view.setFloat32(16, w.bias, true);
  view.setFloat32(20, scale, true);
  view.setFloat32(24, w.calibrationA, true);
  view.setFloat32(28, w.calibrationB, true);
  let offset = HEADER_BYTES;
  for (const v of w.dense) {
    view.setFloat32(offset, v, true);
    offset += 4;
  }
  for (let i = 0; i < size; i++, offset += 2) view.setInt16(offset, Math.round(w.hashed[i]! / scale), true);
  return bytes;
}

export function decodeInjectionModel(bytes: Uint8Array): InjectionModelWeights {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error('not a prompt-injection model file');
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`unsupported prompt-injection model version ${version}`);
  const hashBits = view.getUint32(8, true);
  const denseCount = view.getUint32(12, true);
  if (denseCount !== DENSE_FEATURES) throw new Error(`model has ${denseCount} dense features, code expects ${DENSE_FEATURES}`);
  const size = 1 << hashBits;
  if (bytes.byteLength !== HEADER_BYTES + denseCount * 4 + size * 2) throw new Error('prompt-injection model file has the wrong size');
  const scale = view.getFloat32(20, true);
  const dense = new Float32Array(denseCount);
  let offset = HEADER_BYTES;
  for (let i = 0; i < denseCount; i++, offset += 4) dense[i] = view.getFloat32(offset, true);
  const hashed = new Float32Array(size);
  for (let i = 0; i < size; i++, offset += 2) hashed[i] = view.getInt16(offset, true) * scale;
  return {
    hashBits,
    bias: view.getFloat32(16, true),
    dense,
    hashed,
    calibrationA: view.getFloat32(24, true),
    calibrationB: view.getFloat32(28, true),
  };
}

export function loadInjectionModel(path: string | URL = INJECTION_MODEL_URL): InjectionModelWeights {
  return decodeInjectionModel(readFileSync(path));
}

/** Uncalibrated logit: bias + dense · w + mean word-feature weight + mean character-n-gram weight. */
export function injectionLogit(w: InjectionModelWeights, f: InjectionFeatures): number {
  const hashed = w.hashed;
  let words = 0;
  for (let i = 0; i < f.wordCount; i++) words += hashed[f.indices[i]!]!;
  let chars = 0;
  const end = f.wordCount + f.charCount;
  for (let i = f.wordCount; i < end; i++) chars += hashed[f.indices[i]!]!;
  let z = w.bias;
  if (f.wordCount > 0) z += words / f.wordCount;
  if (f.charCount > 0) z += chars / f.charCount;
  for (let i = 0; i < f.dense.length; i++) z += f.dense[i]! * w.dense[i]!;
  return z;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
