import type { ModelDocument } from '../../model/types';
import { convertGraph } from './convert';
import { decodeModel } from './decode';
import { readGraph } from './graph';
import { fusePatterns } from './patterns';
import { importReport } from './report';

export { MIN_OPSET } from './decode';
export { checkOnnxSize, MAX_ONNX_BYTES } from './size';

export interface OnnxImport {
  document: ModelDocument;
  /** What was mapped, one sentence a line, for the app to show beside the model. */
  report: string[];
}

// Names PyTorch and tf2onnx give every graph; a file name says more.
const GENERIC_GRAPH_NAMES = new Set(['', 'torch_jit', 'torch-jit-export', 'tf2onnx', 'main_graph']);

/**
 * An ONNX model (opset 9 or later) as a model document with every weight, and the report of what
 * was mapped. `name` (e.g. the file's) names the model when the graph's own name is generic.
 */
export function importOnnxModel(bytes: Uint8Array, options: { name?: string } = {}): OnnxImport {
  const graph = readGraph(decodeModel(bytes));
  const fusions = fusePatterns(graph);
  const name = GENERIC_GRAPH_NAMES.has(graph.name)
    ? (options.name ?? 'Imported model')
    : graph.name;
  const conversion = convertGraph(graph, name);
  return { document: conversion.document, report: importReport(graph, fusions, conversion) };
}

/** The contract's entry point: the document alone. Throws ImportError. */
export function importOnnx(bytes: Uint8Array): ModelDocument {
  return importOnnxModel(bytes).document;
}
