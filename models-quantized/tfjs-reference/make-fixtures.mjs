// Records TensorFlow.js reference outputs for the imported tfjs graph models, once, as small JSON fixtures
// (src/test/resources/tfjs-reference/<model>.json) that TfjsReferenceTest compares the ONNX models against.
//
// Usage, after `mvn -B -q -DskipTests package` fetched the graphs into target/models:
//   cd models-quantized/tfjs-reference && npm ci && node make-fixtures.mjs [model ...]
//
// The input is a pseudo-random tensor from a 32-bit LCG that the Java test reproduces bit for bit:
//   state = state * 1664525 + 1013904223 (mod 2^32); u = (state >>> 8) / 2^24; x = lo + (hi - lo) * u, as float32.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';

const here = path.dirname(new URL(import.meta.url).pathname);
const models = path.join(here, '..', 'target', 'models');
const fixtures = path.join(here, '..', 'src', 'test', 'resources', 'tfjs-reference');

// Input range per model: the normalisation its manifest documents.
const RANGES = {
  facemesh: [0, 1], iris: [0, 1], emotion: [-1, 1], gear: [0, 1], antispoof: [0, 1], liveness: [0, 1],
  faceres: [0, 255], 'facemesh-detection-full': [-1, 1],
};
const SEED = 20261127;
const ALL_VALUES_UP_TO = 2048;
const SAMPLES = 512;

function input(shape, lo, hi, seed) {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * ((state >>> 8) / 16777216);
  }
  return out;
}

function ioHandler(dir, graphFile) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, graphFile), 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy,
        convertedBy: json.convertedBy, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs, weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function record(name) {
  const dir = path.join(models, name);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const model = await loadGraphModel(ioHandler(dir, manifest.tfjs.graph));
  const shape = manifest.input.shape;
  const [lo, hi] = RANGES[name];
  const x = tf.tensor(input(shape, lo, hi, SEED), shape, 'float32');
  const names = manifest.outputs.map((o) => o.tfjs);
  let results = model.execute({ [manifest.input.tfjs]: x }, names);
  if (!Array.isArray(results)) results = [results];
  const outputs = [];
  for (let k = 0; k < names.length; k++) {
    const values = results[k].dataSync();
    let maxAbs = 0;
    for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
    const stride = values.length <= ALL_VALUES_UP_TO ? 1 : Math.floor(values.length / SAMPLES);
    const sampled = [];
    for (let i = 0; i < values.length && sampled.length < (stride === 1 ? values.length : SAMPLES); i += stride) sampled.push(values[i]);
    outputs.push({ name: manifest.outputs[k].name, tfjs: names[k], shape: results[k].shape, size: values.length,
      maxAbs, stride, values: sampled });
  }
  const fixture = {
    model: name, tfjs: tf.version_core, backend: tf.getBackend(),
    source: `${manifest.source.package}@${manifest.source.version} ${manifest.source.file} sha256 ${manifest.source.sha256}`,
    input: { name: manifest.input.name, shape, lo, hi, seed: SEED, generator: 'lcg32 1664525 1013904223, (state>>>8)/2^24' },
    outputs,
  };
  fs.mkdirSync(fixtures, { recursive: true });
  fs.writeFileSync(path.join(fixtures, `${name}.json`), JSON.stringify(fixture) + '\n');
  console.log(name, outputs.map((o) => `${o.name} ${JSON.stringify(o.shape)} max|ref| ${o.maxAbs}`).join(', '));
}

await tf.setBackend('cpu');
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RANGES);
for (const name of wanted) await record(name);
