// Why an outside model cannot be imported: one line per problem, every problem at once.

export interface ImportProblem {
  /** The outside model's node (an ONNX node name, a TF.js layer name), when one is to blame. */
  node?: string;
  /** Its operator or layer class, e.g. "Resize". */
  op?: string;
  message: string;
}

export class ImportError extends Error {
  readonly problems: ImportProblem[];

  constructor(problems: ImportProblem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.map((p) => p.message).join('\n'));
    this.name = 'ImportError';
    this.problems = list;
  }
}
