/** A file that cannot be used at all (as opposed to one of its records being rejected): exit 1. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "InputFileError";
  }
}
