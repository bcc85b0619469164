/** The error every dataset decoder and the loader throw for a missing, damaged or malformed file. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    /** The file's path relative to the datasets folder, e.g. `mnist/train-labels-idx1-ubyte.gz`. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
