/** One thing wrong with a model document, located as precisely as we can. */
export interface Problem {
  /** The node the problem belongs to, when it belongs to one. */
  nodeId?: string;
  /** The setting or document field, e.g. `kernelSize` or `edges[2].to`. */
  field?: string;
  /** A whole sentence that names the node and the setting and says what is allowed. */
  message: string;
}

/** The only error parseModel and createNetwork throw for a bad document. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly problems: readonly Problem[];

  constructor(problems: Problem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.map((p) => p.message).join('\n'));
    this.problems = list;
  }
}
