// Node ids become the model's attribute and variable names. Ids may hold '-', start with a digit,
// or be Python keywords ("in") or names nn.Module already uses ("train"); those are renamed.

const KEYWORDS = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
];

/** Attributes of torch.nn.Module (1.13 and 2.x) that a submodule of the same name would shadow. */
const MODULE_ATTRIBUTES = [
  'T_destination',
  'add_module',
  'apply',
  'bfloat16',
  'buffers',
  'call_super_init',
  'children',
  'compile',
  'cpu',
  'cuda',
  'double',
  'dump_patches',
  'eval',
  'extra_repr',
  'float',
  'forward',
  'get_buffer',
  'get_extra_state',
  'get_parameter',
  'get_submodule',
  'half',
  'ipu',
  'load_state_dict',
  'modules',
  'mtia',
  'named_buffers',
  'named_children',
  'named_modules',
  'named_parameters',
  'parameters',
  'register_backward_hook',
  'register_buffer',
  'register_forward_hook',
  'register_forward_pre_hook',
  'register_full_backward_hook',
  'register_full_backward_pre_hook',
  'register_load_state_dict_post_hook',
  'register_load_state_dict_pre_hook',
  'register_module',
  'register_parameter',
  'register_state_dict_hook',
  'register_state_dict_post_hook',
  'register_state_dict_pre_hook',
  'requires_grad_',
  'set_extra_state',
  'set_submodule',
  'share_memory',
  'state_dict',
  'to',
  'to_empty',
  'train',
  'training',
  'type',
  'xpu',
  'zero_grad',
];

/** Names the generated forward itself uses. */
const GENERATED = ['self', 'torch', 'nn', 'scores'];

const RESERVED = new Set([...KEYWORDS, ...MODULE_ATTRIBUTES, ...GENERATED]);

function isFree(name: string): boolean {
  // nn.Module keeps its internals in _-prefixed attributes (_modules, _parameters, …).
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name) && !name.startsWith('_');
}

/** Each id's Python name: the id itself when it can be, else a close, unique variant. */
export function pythonNames(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    if (isFree(id)) {
      names.set(id, id);
      used.add(id);
    }
  }
  for (const id of ids) {
    if (names.has(id)) continue;
    let base = id.replace(/-/g, '_').replace(/^_+/, '');
    if (!/^[A-Za-z]/.test(base)) base = `n${base === '' ? '' : '_'}${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}${k}`;
    names.set(id, name);
    used.add(name);
  }
  return new Map(ids.map((id) => [id, names.get(id)!]));
}
