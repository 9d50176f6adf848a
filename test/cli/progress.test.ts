import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerProgress } from "../../src/cli/progress.js";

class Terminal extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) {
    super();
  }
  columns = 120;
  cursorTo(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const folder = mkdtempSync(join(tmpdir(), "residuals-progress-"));
const ledger = join(folder, "usage.csv");
afterAll(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(ledger, "title_id,medium,period_start,period_end,distributor_gross\n" + "T1,rental,2009-01-01,2009-01-31,10.00\n".repeat(1000));

describe("progress bar", () => {
  it("is drawn on a terminal, with rows, rows per second and time left", () => {
    const stderr = new Terminal(true);
    const progress = ledgerProgress({ stdout: new Terminal(false), stderr }, ledger, false)!;
    expect(progress).toBeDefined();
    progress.update(500);
    progress.stop();
    expect(stderr.text).toMatch(/of ~1000 rows \| [\d,]+ rows\/s \| ETA /);
  });

  it("is not made when stderr is not a terminal, or with --quiet", () => {
    expect(ledgerProgress({ stdout: new Terminal(false), stderr: new Terminal(false) }, ledger, false)).toBeUndefined();
    expect(ledgerProgress({ stdout: new Terminal(false), stderr: new Terminal(true) }, ledger, true)).toBeUndefined();
  });
});
