// Where the suite's time goes during a phase: reads a V8 CPU profile (`node --cpu-prof`),
// keeps the samples between the first and the last one whose stack passes through the
// suite's client (every request of the phase), and attributes each sample to one layer by
// the first frame, from the top of the stack, that belongs to a known layer.
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Layers, in the order a frame is tested against them; the first match names the layer. */
const LAYERS: [string, RegExp][] = [
  ['idle (waiting for the host)', /^\(idle\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['request generation (fast-check + generators/)', /node_modules\/(fast-check|pure-rand)\/|\/generators\//],
  ['response checks (ajv, src/checks, src/contract)', /node_modules\/ajv|\/src\/checks\/|\/src\/contract\/|\/src\/runtime\/recorder/],
  ['credential redaction (src/redact.ts)', /\/src\/redact\.ts/],
  ['pactum (+ centra/phin)', /node_modules\/(pactum|centra|phin|phinx|klona|lightcookie|form-data)\//],
  ['node http/net (sockets, parser)', /^node:(_http|http|net|stream|internal\/streams|internal\/stream_base)/],
  ['suite client (src/client)', /\/src\/client\//],
  ['rules and verdicts (specs/, src/runtime)', /\/specs\/|\/src\/runtime\//],
  ['mocha and reporting', /node_modules\/mocha\/|\/src\/(progress|report)\//],
];

export interface PhaseProfile {
  windowMs: number;
  samples: number;
  /** Milliseconds per layer in the window, largest first. */
  layers: { layer: string; ms: number; percent: number }[];
  /** Largest self times by function in the window. */
  topFunctions: { fn: string; ms: number }[];
}

export function analyzeProfile(file: string, marker = /\/src\/client\/index\.ts$/): PhaseProfile {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    let s = stacks.get(id);
    if (!s) {
      s = [];
      for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) s.push(nodes.get(x)!.callFrame);
      stacks.set(id, s);
    }
    return s;
  };
  const times: number[] = [];
  let t = prof.startTime;
  for (const d of prof.timeDeltas) times.push((t += d));
  let first = -1;
  let last = -1;
  prof.samples.forEach((id, i) => {
    if (stackOf(id).some((f) => marker.test(f.url))) {
      if (first < 0) first = i;
      last = i;
    }
  });
  if (first < 0) return { windowMs: 0, samples: 0, layers: [], topFunctions: [] };
  const byLayer = new Map<string, number>();
  const bySelf = new Map<string, number>();
  for (let i = first; i <= last; i++) {
    const dt = ((times[i + 1] ?? prof.endTime) - times[i]) / 1000;
    const stack = stackOf(prof.samples[i]);
    let layer = 'other (V8, node internals)';
    for (const f of stack) {
      const key = f.url || f.functionName;
      const hit = LAYERS.find(([, re]) => re.test(key));
      if (hit) {
        layer = hit[0];
        break;
      }
    }
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + dt);
    const top = stack[0];
    const fn = `${top.functionName || '(anonymous)'} ${top.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/[^/]+\//, '').replace(/^file:\/\//, '')}${top.lineNumber >= 0 ? `:${top.lineNumber + 1}` : ''}`;
    bySelf.set(fn, (bySelf.get(fn) ?? 0) + dt);
  }
  const windowMs = (times[last] - times[first]) / 1000;
  const total = [...byLayer.values()].reduce((a, b) => a + b, 0);
  return {
    windowMs: Math.round(windowMs),
    samples: last - first + 1,
    layers: [...byLayer].sort((a, b) => b[1] - a[1]).map(([layer, ms]) => ({ layer, ms: Math.round(ms), percent: Math.round((1000 * ms) / total) / 10 })),
    topFunctions: [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10 })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(analyzeProfile(process.argv[2]), null, 2)}\n`);
}
