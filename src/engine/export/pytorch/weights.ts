import type { Network } from '../../network';
import { encodeSafetensors } from '../safetensors';
import { TORCH_TENSOR_NAMES } from './modules';

/**
 * weights.safetensors: every weight under the name model.py's Model().state_dict() gives it
 * (`<module name>.weight`, `.running_mean`, …), so load_state_dict takes the file as it is.
 * BatchNorm's num_batches_tracked is left out: torch fills in 0 when a plain dict lacks it, and
 * only reads it when momentum is None, which model.py never sets.
 */
export function weightsSafetensors(network: Network, names: Map<string, string>): Uint8Array {
  const tensors = network.slots.map((slot) => ({
    name: `${names.get(slot.nodeId)!}.${TORCH_TENSOR_NAMES[slot.name]}`,
    shape: slot.shape,
    values: network.tensor(slot.nodeId, slot.name),
  }));
  // "pt" is what the Hugging Face loaders expect of a PyTorch state_dict.
  return encodeSafetensors(tensors, { format: 'pt', producer: 'CNN Studio' });
}
