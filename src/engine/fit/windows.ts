import { convPadding, type Conv2dConfig } from '../layers/conv2d';
import type { Pair } from '../layers/params';
import type { PoolConfig } from '../layers/pooling';
import { ModelError } from '../model/errors';
import { formatShape } from '../model/format';
import { inspectModel, type ModelInspection, type NodeInspection } from '../model/inspect';
import type { ModelDocument, Shape } from '../model/types';
import { quote } from '../quote';
import { pairParam, pairText, withParams } from './document';

// A smaller input makes every map after it smaller, and a window that fitted the old map may be
// larger than the new one (VGG's fifth pool on a 1×1 map, from 28×28 digits). Such a window is
// changed where it is, and nothing before it: a convolution is padded with zeros until its kernel
// fits (its weights stay as they are), a pool's window shrinks to the map, which it then pools
// whole. Every stride stays, so the network costs what its architecture makes it cost at this
// size: taking a stem's stride away would make every later layer four times as costly, and at
// 28×28 none of the torchvision models needs it. Layers are changed in running order, each once
// (a change moves only the shapes after it), until the model is valid; a problem of any other
// kind (two branches that no longer match) is refused with the engine's own words.

/** The setting a window too large for its input is reported on, by layer type. */
const WINDOW_SETTING: Readonly<Record<string, string>> = {
  conv2d: 'kernelSize',
  maxpool2d: 'poolSize',
  avgpool2d: 'poolSize',
};

export function fitWindows(doc: ModelDocument): {
  document: ModelDocument;
  changes: string[];
  /** Of the document returned. */
  inspection: ModelInspection;
} {
  const changes: string[] = [];
  const changed = new Set<string>();
  let next = doc;
  for (;;) {
    const inspection = inspectModel(next);
    const failing = inspection.order
      .map((id) => inspection.nodes.get(id)!)
      .find((node) => node.summary?.error);
    if (!failing) return { document: next, changes, inspection };
    // A node whose shape rule failed has no input shapes of its own; its source's output is it.
    const source = inspection.inputsOf.get(failing.id)?.[0];
    const input = source === undefined ? null : inspection.nodes.get(source)?.summary?.outputShape;
    const fix = changed.has(failing.id) || !input ? null : windowFix(failing, input);
    if (!fix) {
      throw new ModelError([
        {
          nodeId: failing.id,
          message: `node ${quote(failing.id)} (${failing.type}) does not fit the smaller input: ${failing.summary!.error}`,
        },
      ]);
    }
    changed.add(failing.id);
    next = withParams(next, failing.id, fix.params);
    changes.push(fix.change);
  }
}

interface WindowFix {
  params: Record<string, unknown>;
  change: string;
}

/** The setting that makes a window fit its input, or null when the problem is not a window's. */
function windowFix(node: NodeInspection, input: Shape): WindowFix | null {
  const setting = WINDOW_SETTING[node.type];
  const tooLarge = setting !== undefined && node.problems.some((p) => p.field === setting);
  if (!tooLarge || input.length !== 3 || !node.config) return null;
  const map: Pair = [input[1], input[2]];
  const size = formatShape(map);
  const name = quote(node.id);
  if (node.type === 'conv2d') {
    const config = node.config as Conv2dConfig;
    const padding = convPadding(config);
    // The kernel spans d(k − 1) + 1 pixels, which the map and its padding on both sides must hold.
    const needed = axes((a) => {
      const span = config.dilation[a] * (config.kernelSize[a] - 1) + 1;
      return Math.max(padding[a], Math.ceil((span - map[a]) / 2));
    });
    return {
      params: { padding: pairParam(needed) },
      change: `${name} pads by ${pairText(needed)} (it padded ${pairText(padding)}), so its ${formatShape(config.kernelSize)} kernel fits the ${size} map it now gets.`,
    };
  }
  const config = node.config as PoolConfig;
  const window = axes((a) => Math.min(config.poolSize[a], map[a] + 2 * config.padding[a]));
  return {
    params: { poolSize: pairParam(window) },
    change: `${name} pools ${formatShape(window)} windows (it pooled ${formatShape(config.poolSize)}): the whole ${size} map it now gets.`,
  };
}

const axes = (value: (axis: 0 | 1) => number): Pair => [value(0), value(1)];
