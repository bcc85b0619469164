// The TypeScript side of the kernels' WebAssembly interface, generated from the compiled
// AssemblyScript program rather than kept in step by hand: the exported functions with their
// parameter names and types (read from asc's own resolver), and the byte layout of the @unmanaged
// `Window` class that JavaScript writes a window's geometry into. A changed signature in
// assembly/ then fails to compile where TypeScript calls it.
import { DecoratorFlags, ElementKind } from 'assemblyscript';

const NUMBER_TYPES = new Set([
  'i8',
  'u8',
  'i16',
  'u16',
  'i32',
  'u32',
  'isize',
  'usize',
  'f32',
  'f64',
]);

/** What TypeScript passes for an AssemblyScript parameter type, or why it cannot. */
function jsType(type, where) {
  if (NUMBER_TYPES.has(type)) return 'number';
  if (type === 'bool') return 'boolean';
  throw new Error(`${where} has type ${type}, which the generated interface cannot pass`);
}

function signatureOf(program, name, prototype) {
  const where = `assembly/index.ts export ${name}`;
  if (prototype.kind !== ElementKind.FunctionPrototype) {
    throw new Error(`${where} is not a function: the kernels export only functions`);
  }
  const fn = program.resolver.resolveFunction(prototype, null);
  if (!fn) throw new Error(`${where} could not be resolved`);
  const names = prototype.functionTypeNode.parameters.map((p) => p.name.text);
  const params = fn.signature.parameterTypes.map((type, i) => ({
    name: names[i],
    type: jsType(type.toString(), `${where}, parameter ${names[i]}`),
  }));
  const returns = fn.signature.returnType.toString();
  if (returns !== 'void' && !NUMBER_TYPES.has(returns)) {
    throw new Error(`${where} returns ${returns}, which the generated interface cannot return`);
  }
  return { name, params, returns: returns === 'void' ? 'void' : 'number' };
}

/** The class `Window` declared in one of assembly/'s files, as the compiler laid it out. */
function windowLayout(program) {
  // Files that import Window list it among their members too: the same element.
  const found = [
    ...new Set(
      [...program.filesByName]
        .filter(([path]) => path.startsWith('assembly/'))
        .map(([, file]) => file.members?.get('Window'))
        .filter((member) => member?.kind === ElementKind.ClassPrototype),
    ),
  ];
  if (found.length !== 1)
    throw new Error(`assembly/ must declare one class Window, not ${found.length}`);
  const prototype = found[0];
  if (!(prototype.decoratorFlags & DecoratorFlags.Unmanaged)) {
    throw new Error('assembly/ Window must be @unmanaged: JavaScript writes it at a bare address');
  }
  const cls = program.resolver.resolveClass(prototype, null);
  const fields = [...cls.members.values()]
    .filter((member) => member.instance?.isField)
    .map(({ name, instance }) => {
      const type = instance.type.toString();
      if (type !== 'i32' || instance.memoryOffset % 4 !== 0) {
        throw new Error(
          `Window.${name} is ${type} at byte ${instance.memoryOffset}: only aligned i32 fields are written`,
        );
      }
      return { name, offset: instance.memoryOffset };
    });
  return { bytes: cls.nextMemoryOffset, fields };
}

/**
 * The interface of the compiled program: functions that take (part, parts, …) and run on a
 * team of threads, functions called directly (sizes), and the Window layout.
 */
export function describeKernels(program) {
  const entry = program.filesByName.get('assembly/index');
  if (!entry?.exports) throw new Error('assembly/index.ts exports nothing');
  const functions = [...entry.exports].map(([name, prototype]) =>
    signatureOf(program, name, prototype),
  );
  const isPart = (f) =>
    f.params.length >= 2 && f.params[0].name === 'part' && f.params[1].name === 'parts';
  const parts = functions.filter(isPart).map((f) => {
    if (f.returns !== 'void')
      throw new Error(`assembly/index.ts export ${f.name}: a part function returns nothing`);
    return { name: f.name, params: f.params.slice(2) };
  });
  return { parts, direct: functions.filter((f) => !isPart(f)), window: windowLayout(program) };
}

const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const argumentsType = (f) => `${pascal(f.name)}Arguments`;
const value = (p) => (p.type === 'boolean' ? `p.${p.name} ? 1 : 0` : `p.${p.name}`);

function argumentsInterface(f) {
  const fields = f.params.map((p) => `  ${p.name}: ${p.type};`);
  return [`export interface ${argumentsType(f)} {`, ...fields, '}', ''];
}

/** `f(a…)`'s parameter list for a function of `f.params`, taking one arguments object. */
const parameter = (f) => (f.params.length > 0 ? `p: ${argumentsType(f)}` : '');

const withWork = (f, type) => [parameter(f), `work${type}`].filter(Boolean).join(', ');

/** The generated module's text, stamped with `stamp`. */
export function interfaceSource(description, { stamp, maxPages }) {
  const { parts, direct, window } = description;
  const width = Math.max(...parts.map((f) => f.params.length));
  const slots = Array.from({ length: width }, (_, i) => `a[${i}]`).join(', ');
  const callBody = `f(part, parts, ${slots});`;
  const lines = [
    '// Generated by scripts/build-wasm.mjs from assembly/ — do not edit, do not commit.',
    stamp,
    "import type { WindowGeometry } from '../../types';",
    '',
    "/** The memory's maximum, in 64 KiB pages, as the build declares it. */",
    `export const MAX_PAGES = ${maxPages};`,
    '',
    '/** Bytes of one Window (assembly/window.ts). */',
    `export const WINDOW_BYTES = ${window.bytes};`,
    '',
    '/** Writes g as a Window at byte address `at` (4-aligned) of the memory seen as i32. */',
    'export function writeWindow(i32: Int32Array, at: number, g: WindowGeometry): void {',
    '  const w = at >> 2;',
    ...window.fields.map(
      (f) => `  i32[${f.offset === 0 ? 'w' : `w + ${f.offset / 4}`}] = g.${f.name};`,
    ),
    '}',
    '',
    '/** The exports that take (part, parts, …): a team runs them by their index here. */',
    `export const PART_FUNCTIONS = ${JSON.stringify(parts.map((f) => f.name))} as const;`,
    '',
    '/** Every exported function, for checking that a compiled module is this build. */',
    `export const EXPORTED_FUNCTIONS = ${JSON.stringify([...parts, ...direct].map((f) => f.name))} as const;`,
    '',
    '/** The most arguments a part function takes after (part, parts). */',
    `export const PART_ARGUMENTS = ${width};`,
    '',
    'export type PartFunction = (part: number, parts: number, ...args: number[]) => void;',
    '',
    '/** Calls f on part `part` of `parts` with the arguments in `a`, as every thread does. */',
    'export function callPart(f: PartFunction, part: number, parts: number, a: Float64Array): void {',
    `  ${callBody}`,
    '}',
    '',
    "/** callPart as source text, for the helper threads' script. */",
    `export const CALL_PART_SOURCE = ${JSON.stringify(`function callPart(f, part, parts, a) { ${callBody} }`)};`,
    '',
    '/** What runs a part function over threads: its arguments go in `args`, then `run`. */',
    'export interface PartRunner {',
    '  readonly args: Float64Array;',
    '  run(fn: number, work: number): void;',
    '}',
    '',
    ...parts.flatMap(argumentsInterface),
    ...direct.filter((f) => f.params.length > 0).flatMap(argumentsInterface),
    "/** The part functions by name; `work` is the call's size in multiply-adds, or about that. */",
    'export interface PartCalls {',
    ...parts.map((f) => `  ${f.name}(${withWork(f, ': number')}): void;`),
    '}',
    '',
    '/** Part calls that write their arguments where `runner` reads them, then run. */',
    'export function partCalls(runner: PartRunner): PartCalls {',
    '  const a = runner.args;',
    '  return {',
    ...parts.flatMap((f, index) => [
      `    ${f.name}(${withWork(f, '')}) {`,
      ...f.params.map((p, i) => `      a[${i}] = ${value(p)};`),
      `      runner.run(${index}, work);`,
      '    },',
    ]),
    '  };',
    '}',
    '',
    '/** The exports called directly, on this thread. */',
    'export interface DirectCalls {',
    ...direct.map((f) => `  ${f.name}(${parameter(f)}): ${f.returns};`),
    '}',
    '',
    'type Direct = (...args: number[]) => number;',
    '',
    'export function directCalls(exports: Record<string, unknown>): DirectCalls {',
    ...direct.map((f) => `  const ${f.name} = exports.${f.name} as Direct;`),
    '  return {',
    ...direct.map((f) => {
      const call = `${f.name}(${f.params.map(value).join(', ')})`;
      return `    ${f.name}: (${parameter(f)}) => ${f.returns === 'void' ? `void ${call}` : call},`;
    }),
    '  };',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
