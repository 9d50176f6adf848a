import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  createReadStream,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";
import { isRoot, NEEDS_ROOT, NOBODY, runSpawned, spawnCli, userFolder } from "./spawn-cli.js";

const EXAMPLES = ["--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--cast", "examples/cast.csv"];
const calc = (...more: string[]) => ["calc", "--contract", "sag-2009", ...EXAMPLES, "--format", "csv", "--quiet", ...more];
const expected = async () => (await run(calc())).stdout;

/** Everything a reader of the FIFO gets, once a writer has come and gone. */
function readFifo(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    createReadStream(path)
      .on("data", (chunk) => (text += chunk.toString()))
      .on("end", () => resolve(text))
      .on("error", reject);
  });
}

/** Lets a reader still waiting for a writer go (with nothing): the run never opened the FIFO. */
function releaseReader(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader is waiting, the run wrote to it and closed it.
  }
}

describe("--out that is not a regular file is written to, never replaced", () => {
  it("a FIFO gets the results streamed into it and stays a FIFO", async () => {
    const dir = tempFiles();
    const fifo = join(dir, "results");
    execFileSync("mkfifo", [fifo]);
    const reading = readFifo(fifo);
    const result = await run(calc("--out", fifo));
    const isFifo = lstatSync(fifo).isFIFO();
    releaseReader(fifo);
    expect([result.code, result.stderr, isFifo]).toEqual([0, "", true]);
    expect(await reading).toBe(await expected());
    expect(readdirSync(dir)).toEqual(["results"]);
  });

  it("a socket is refused as a usage error, before any work", async () => {
    const dir = tempFiles();
    const socket = join(dir, "results-socket");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    onTestFinished(() => void server.close());
    expect(await run(calc("--out", socket))).toEqual({ code: 2, stdout: "", stderr: `residuals: --out ${socket}: is a socket; give a file, a FIFO or a device\n` });
    expect(lstatSync(socket).isSocket()).toBe(true);
    expect(readdirSync(dir)).toEqual(["results-socket"]);
  });

  it("a descriptor path (/proc/self/fd/1, as /dev/stdout is) is the standard output", async () => {
    const dir = tempFiles();
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    const result = await run(calc("--out", link));
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toBe(await expected());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe("a descriptor path other than stdout is written through its descriptor", () => {
  it("--rejects /proc/self/fd/2 (as /dev/stderr is) goes to stderr", async () => {
    const dir = tempFiles();
    symlinkSync("/proc/self/fd/2", join(dir, "stderr"));
    const result = await run(calc("--out", join(dir, "out.csv"), "--rejects", join(dir, "stderr")));
    expect([result.code, result.stdout, result.stderr]).toEqual([0, "", "file,record,line,column,value,reason\n"]);
  });

  it("at its own offset: a file stderr appends to keeps what it held", async () => {
    const dir = userFolder({ "log.txt": "before\n" });
    symlinkSync("/proc/self/fd/2", join(dir, "stderr"));
    const log = openSync(join(dir, "log.txt"), "a");
    const child = spawnCli(calc("--out", join(dir, "stderr")), { stdio: ["ignore", "ignore", log] });
    closeSync(log);
    expect(await new Promise((resolve) => child.once("close", resolve))).toBe(0);
    expect(readFileSync(join(dir, "log.txt"), "utf8")).toBe(`before\n${await expected()}`);
  }, 20_000);
});

describe("--out on a regular file keeps what the file is", () => {
  it("a symbolic link: its target is written, the link stays a link (also when the target does not exist yet)", async () => {
    const dir = tempFiles({ "old.csv": "old\n" });
    mkdirSync(join(dir, "elsewhere"));
    symlinkSync("old.csv", join(dir, "link.csv"));
    symlinkSync(join(dir, "elsewhere", "new.csv"), join(dir, "dangling.csv"));
    expect((await run(calc("--out", join(dir, "link.csv")))).code).toBe(0);
    expect((await run(calc("--out", join(dir, "dangling.csv")))).code).toBe(0);
    expect(lstatSync(join(dir, "link.csv")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "dangling.csv")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "old.csv"), "utf8")).toBe(await expected());
    expect(readFileSync(join(dir, "elsewhere", "new.csv"), "utf8")).toBe(await expected());
    expect(readdirSync(dir).sort()).toEqual(["dangling.csv", "elsewhere", "link.csv", "old.csv"]);
  });

  it("its mode: a 0600 file stays 0600, a 0640 file 0640", async () => {
    const dir = tempFiles({ "secret.csv": "old\n", "group.csv": "old\n" });
    chmodSync(join(dir, "secret.csv"), 0o600);
    chmodSync(join(dir, "group.csv"), 0o640);
    for (const name of ["secret.csv", "group.csv"]) expect((await run(calc("--out", join(dir, name)))).code).toBe(0);
    expect(statSync(join(dir, "secret.csv")).mode & 0o7777).toBe(0o600);
    expect(statSync(join(dir, "group.csv")).mode & 0o7777).toBe(0o640);
    expect(readFileSync(join(dir, "secret.csv"), "utf8")).toBe(await expected());
  });

  it("its hard links: every name of the file shows the results", async () => {
    const dir = tempFiles({ "out.csv": "old\n" });
    linkSync(join(dir, "out.csv"), join(dir, "also.csv"));
    const inode = statSync(join(dir, "out.csv")).ino;
    expect((await run(calc("--out", join(dir, "out.csv")))).code).toBe(0);
    expect(statSync(join(dir, "out.csv")).ino).toBe(inode);
    expect(statSync(join(dir, "out.csv")).nlink).toBe(2);
    expect(readFileSync(join(dir, "also.csv"), "utf8")).toBe(await expected());
    expect(readdirSync(dir).sort()).toEqual(["also.csv", "out.csv"]);
  });

  it.skipIf(!isRoot)("its owner, when root writes another user's file", async () => {
    const dir = tempFiles({ "theirs.csv": "old\n" });
    chownSync(join(dir, "theirs.csv"), NOBODY, NOBODY);
    chmodSync(join(dir, "theirs.csv"), 0o640);
    expect((await run(calc("--out", join(dir, "theirs.csv")))).code).toBe(0);
    const after = statSync(join(dir, "theirs.csv"));
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([NOBODY, NOBODY, 0o640]);
    expect(readFileSync(join(dir, "theirs.csv"), "utf8")).toBe(await expected());
  });

  // A user cannot give a new file another's owner: the file is rewritten in place instead.
  it.skipIf(!isRoot)(`its owner, when a normal user writes a file they may write but do not own (${NEEDS_ROOT} to set up)`, async () => {
    const dir = userFolder();
    const shared = join(dir, "shared.csv");
    writeFileSync(shared, "old\n");
    chmodSync(shared, 0o666);
    const result = await runSpawned(calc("--out", shared));
    expect([result.code, result.stderr]).toEqual([0, ""]);
    const after = statSync(shared);
    expect([after.uid, after.mode & 0o7777]).toEqual([0, 0o666]);
    expect(readFileSync(shared, "utf8")).toBe(await expected());
    expect(readdirSync(dir)).toEqual(["shared.csv"]);
  }, 20_000);

  it.skipIf(!isRoot)(`a file a normal user may write, in a folder they may not: rewritten in place (${NEEDS_ROOT} to set up)`, async () => {
    const dir = tempFiles({ "open.csv": "old\n" });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "open.csv"), 0o666);
    const result = await runSpawned(calc("--out", join(dir, "open.csv")));
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(dir, "open.csv"), "utf8")).toBe(await expected());
    expect(statSync(join(dir, "open.csv")).uid).toBe(0);
    expect(readdirSync(dir)).toEqual(["open.csv"]);
  }, 20_000);

  it("a 249-character name: the temporary file's name is cut to what the file system takes", async () => {
    const dir = tempFiles();
    const out = join(dir, `${"r".repeat(245)}.csv`);
    expect(await run(calc("--out", out))).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(out, "utf8")).toBe(await expected());
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe("an output that is an input or another output is refused (exit 2), whatever the spelling", () => {
  it.each([
    ["--out and --rejects the same new file", (dir: string) => ["--out", join(dir, "same.csv"), "--rejects", `${dir}/./same.csv`], "--rejects DIR/./same.csv is already --out DIR/same.csv"],
    ["--rejects a link to --out", (dir: string) => ["--out", join(dir, "usage-out.csv"), "--rejects", join(dir, "link-to-out")], "--rejects DIR/link-to-out is already --out DIR/usage-out.csv"],
    ["--out the usage file", (dir: string) => ["--out", join(dir, "usage.csv")], "--out DIR/usage.csv is the input file --usage DIR/usage.csv"],
    ["--out a hard link to the usage file", (dir: string) => ["--out", join(dir, "usage-link.csv")], "--out DIR/usage-link.csv is the input file --usage DIR/usage.csv"],
    ["--rejects the standard output where the results go", (dir: string) => ["--rejects", join(dir, "stdout")], "--rejects DIR/stdout is the standard output, where the results go"],
  ])("%s", async (_, flags, message) => {
    const usage = readFileSync("examples/usage.csv", "utf8");
    const dir = tempFiles({ "usage.csv": usage, "usage-out.csv": "old\n" });
    linkSync(join(dir, "usage.csv"), join(dir, "usage-link.csv"));
    symlinkSync("usage-out.csv", join(dir, "link-to-out"));
    symlinkSync("/proc/self/fd/1", join(dir, "stdout"));
    const args = ["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", join(dir, "usage.csv"), "--format", "csv", ...flags(dir)];
    expect(await run(args)).toEqual({ code: 2, stdout: "", stderr: `residuals: ${message.replaceAll("DIR", dir)}: give each output its own file\n` });
    expect(readFileSync(join(dir, "usage.csv"), "utf8")).toBe(usage);
    expect(readFileSync(join(dir, "usage-out.csv"), "utf8")).toBe("old\n");
    expect(readdirSync(dir).sort()).toEqual(["link-to-out", "stdout", "usage-link.csv", "usage-out.csv", "usage.csv"]);
  });
});

describe("a run whose --rejects cannot be written", () => {
  it("changes no --out file: exit 1, before any work, naming --rejects", async () => {
    const dir = userFolder({ "out.csv": "old\n" });
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const result = await runSpawned(calc("--out", join(dir, "out.csv"), "--rejects", join(locked, "rejects.csv")));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${join(locked, "rejects.csv")}: cannot be written \\(EACCES: permission denied, `));
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe("old\n");
    expect(readdirSync(dir).sort()).toEqual(["locked", "out.csv"]);
    expect(readdirSync(locked)).toEqual([]);
  }, 20_000);
});

describe("a reader of stdout that goes away early (`calc … | head -1`)", () => {
  it("still gets the rejections and summary on stderr, and the exit code (3: a row was rejected)", async () => {
    const usage = readFileSync("examples/usage.csv", "utf8") + "NO-SUCH,rental,2009-01-01,2009-01-31,5.00,1\n";
    const dir = userFolder({ "usage.csv": usage });
    const child = spawnCli(["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", join(dir, "usage.csv"), "--format", "csv"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.destroy();
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
    expect(code).toBe(3);
    expect(stderr).toContain(`rejected: ${join(dir, "usage.csv")}:27: record 26, column title_id: unknown title_id`);
    expect(stderr).toContain("rows read: 26; computed: 25; rejected: 1\n");
  }, 20_000);
});
