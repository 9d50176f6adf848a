import { spawn, execFileSync } from "node:child_process";
import { closeSync, constants, createReadStream, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commitOutputs, holdTemporary, Output, removeUnfinishedOutputs } from "../../src/io/out/output-file.js";
import { InputFileError } from "../../src/io/csv/column-reader.js";
import { run } from "../cli/run-cli.js";
import { tempFiles } from "../fixtures/temp-files.js";

/** A disk that fills up: while `on`, every write to a temporary output file (or to a path in `paths`) fails with ENOSPC. */
const fullDisk = vi.hoisted(() => ({ on: false, paths: new Set<string>() }));
const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { errno: -28, code: "ENOSPC", syscall: "write" });

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const createWriteStream = ((path: string, options?: Parameters<typeof fs.createWriteStream>[1]) => {
    const stream = fs.createWriteStream(path, options);
    if ((fullDisk.on && String(path).endsWith(".tmp")) || fullDisk.paths.has(String(path))) {
      stream._write = (_chunk, _encoding, callback) => callback(enospc());
      stream._writev = (_chunks, callback) => callback(enospc());
    }
    return stream;
  }) as typeof fs.createWriteStream;
  return { ...fs, createWriteStream };
});

afterEach(() => {
  fullDisk.on = false;
  fullDisk.paths.clear();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(InputFileError);
  return error!;
}

describe("a write that fails (a full disk)", () => {
  it("names --out, whether it shows when the file is closed or while the caller waits for the disk", async () => {
    fullDisk.on = true;
    for (const size of [1_000, 10 << 20]) {
      const dir = tempFiles();
      const target = join(dir, "out.csv");
      const output = await Output.open(target, process.stdout);
      const writing = (async () => {
        for (let written = 0; written < size; written += 1 << 16) await output.write("x".repeat(1 << 16));
        await output.commit();
      })();
      expect((await failure(writing)).message).toBe(`${target}: cannot be written (ENOSPC: no space left on device, write)`);
      await output.discard();
      expect(readdirSync(dir)).toEqual([]);
    }
  }, 10_000);

  it("names stdout when the results cannot be copied there", async () => {
    const stdout = new Writable({ write: (_chunk, _encoding, callback) => callback(enospc()) });
    const output = await Output.open(undefined, stdout);
    await output.write("line\n");
    expect((await failure(output.commit())).message).toBe("stdout: cannot be written (ENOSPC: no space left on device, write)");
    await output.discard();
  });

  it("is a file error of calc: exit 1, a message naming --out, nothing left behind", async () => {
    fullDisk.on = true;
    const dir = tempFiles();
    const out = join(dir, "lines.csv");
    const result = await run(["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--out", out]);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, "", `${out}: cannot be written (ENOSPC: no space left on device, write)\n`]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("a target that is not a regular file (a FIFO here, as a device would be)", () => {
  it("a write that fails there is an error naming it, and the FIFO stays one", async () => {
    const dir = tempFiles();
    const fifo = join(dir, "results");
    execFileSync("mkfifo", [fifo]);
    fullDisk.paths.add(fifo);
    const reader = createReadStream(fifo).resume();
    const output = await Output.open(fifo, process.stdout);
    await output.write("line\n");
    expect((await failure(output.commit())).message).toBe(`${fifo}: cannot be written (ENOSPC: no space left on device, write)`);
    await output.discard();
    reader.destroy();
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe("several outputs committed together", () => {
  it("a failure while writing any of them changes no target", async () => {
    const dir = tempFiles({ "a.csv": "old a\n", "b.csv": "old b\n" });
    fullDisk.paths.add(join(dir, `.b.csv.${process.pid}.tmp`));
    const a = await Output.open(join(dir, "a.csv"), process.stdout);
    const b = await Output.open(join(dir, "b.csv"), process.stdout);
    await a.write("new a\n");
    await b.write("new b\n");
    expect((await failure(commitOutputs([a, b]))).message).toBe(`${join(dir, "b.csv")}: cannot be written (ENOSPC: no space left on device, write)`);
    await Promise.all([a.discard(), b.discard()]);
    expect(["a.csv", "b.csv"].map((name) => readFileSync(join(dir, name), "utf8"))).toEqual(["old a\n", "old b\n"]);
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv"]);
  });

  it("one that cannot be put in place after another was says which was written", async () => {
    const dir = tempFiles({ "a.csv": "old a\n" });
    const a = await Output.open(join(dir, "a.csv"), process.stdout);
    const b = await Output.open(join(dir, "b.csv"), process.stdout);
    await a.write("new a\n");
    await b.write("new b\n");
    mkdirSync(join(dir, "b.csv")); // what was a free name is now a folder
    const message = (await failure(commitOutputs([a, b]))).message;
    expect(message).toMatch(new RegExp(`^${join(dir, "b.csv")}: cannot be written \\(EISDIR: .*\\); ${join(dir, "a.csv")} was written$`));
    await b.discard();
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe("new a\n");
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv"]);
  });
});

describe("an interrupted run", () => {
  it("removeUnfinishedOutputs takes away the temporary files of outputs not yet committed", async () => {
    const dir = tempFiles();
    const done = await Output.open(join(dir, "done.csv"), process.stdout);
    await done.write("kept\n");
    await done.commit();
    const open = await Output.open(join(dir, "out.csv"), process.stdout);
    await open.write("partial\n");
    expect(readdirSync(dir).sort()).toEqual([`.out.csv.${process.pid}.tmp`, "done.csv"]);
    removeUnfinishedOutputs();
    expect(readdirSync(dir)).toEqual(["done.csv"]);
    await open.discard();
  });

  it("removeUnfinishedOutputs takes away a held temporary file until it is released", () => {
    const dir = tempFiles();
    const held = join(dir, ".rejects.csv.tmp");
    const released = join(dir, ".other.csv.tmp");
    writeFileSync(held, "partial\n");
    writeFileSync(released, "kept\n");
    holdTemporary(held);
    holdTemporary(released)();
    removeUnfinishedOutputs();
    expect(readdirSync(dir)).toEqual([".other.csv.tmp"]);
  });

  // The usage file is a FIFO nobody writes to, so the run waits mid-way with its output open:
  // a temporary file beside --out, or, for stdout, a folder in TMPDIR.
  it.runIf(process.platform !== "win32").each([
    ["SIGHUP", "--out", 129],
    ["SIGINT", "--out", 130],
    ["SIGQUIT", "--out", 131],
    ["SIGTERM", "--out", 143],
    ["SIGHUP", "stdout", 129],
  ] as const)("on %s the CLI removes its temporary output (%s) and exits %i", async (signal, into, code) => {
    const dir = tempFiles();
    const fifo = join(dir, "usage.csv");
    execFileSync("mkfifo", [fifo]);
    const out = join(dir, "out.csv");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/bin.ts", "calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", fifo, ...(into === "--out" ? ["--out", out] : [])],
      { stdio: "ignore", env: { ...process.env, TMPDIR: dir } },
    );
    try {
      const started = Date.now();
      const temporary = () => readdirSync(dir).some((name) => (into === "--out" ? name === `.out.csv.${child.pid}.tmp` : name.startsWith("residuals-")));
      while (!temporary()) {
        if (Date.now() - started > 20_000 || child.exitCode !== null) throw new Error("the run did not open its output");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const exited = new Promise<[number | null, string | null]>((resolve) => child.once("exit", (c, s) => resolve([c, s])));
      child.kill(signal);
      while (temporary() && child.exitCode === null && child.signalCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
      // An exiting process waits for its pending file operations: the open of the FIFO ends
      // only when a writer comes (if the run had got that far).
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it.
      }
      expect(await exited).toEqual([code, null]);
      expect(readdirSync(dir).filter((name) => !name.startsWith("tsx-"))).toEqual(["usage.csv"]);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("output to stdout", () => {
  it("keeps one temporary folder through a restart and leaves none behind", async () => {
    const chunks: string[] = [];
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const output = await Output.open(undefined, stdout);
    const folder = (output as unknown as { tempDir: string }).tempDir;
    await output.write("first try\n");
    await output.restart();
    expect((output as unknown as { tempDir: string }).tempDir).toBe(folder);
    await output.write("second try\n");
    await output.commit();
    expect(chunks.join("")).toBe("second try\n");
    expect(existsSync(folder)).toBe(false);
  });
});

describe("text and bytes", () => {
  const dir = tempFiles();

  it("are written in the order given, whatever was buffered", async () => {
    const target = join(dir, "mixed.csv");
    const output = await Output.open(target, process.stdout);
    output.write("a,");
    await output.writeBytes(new TextEncoder().encode("é,"));
    output.write("c\n");
    await output.writeBytes(new TextEncoder().encode("😀\n"));
    await output.commit();
    expect(readFileSync(target, "utf8")).toBe("a,é,c\n😀\n");
  });

  it("a write of bytes that fails names --out", async () => {
    fullDisk.on = true;
    const target = join(dir, "full.csv");
    const output = await Output.open(target, process.stdout);
    const writing = (async () => {
      await output.writeBytes(new Uint8Array(16 << 20));
      await output.commit();
    })();
    expect((await failure(writing)).message).toBe(`${target}: cannot be written (ENOSPC: no space left on device, write)`);
    await output.discard();
  });
});
