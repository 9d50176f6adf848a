import { parentPort, workerData } from "node:worker_threads";
import { loadContractRef } from "../../contracts/bundled.js";
import { ContractError } from "../../contracts/problems.js";
import { ContractCalculator, OutOfOrderError } from "../../engine/calculator.js";
import type { CastList } from "../../engine/inputs.js";
import { rowBodies } from "../../io/line-format.js";
import { isRejection, type Rejection } from "../../io/table.js";
import { UsageParser } from "../../io/usage.js";
import { readCatalogue } from "../../cli/inputs.js";
import { ComparisonSink } from "../comparison.js";
import { LineTotals } from "../totals.js";
import { shardOf } from "./shard.js";
import { FIELD, RECORD, type BatchResults, type FromWorker, type PackedRecords, type ToWorker, type WireRecord, type WorkerSetup } from "./protocol.js";

/**
 * A worker of the parallel ledger pass: it owns the titles whose id hashes to its shard, reads
 * the catalogue and contracts itself, and computes the records the main thread sends it, in
 * their order, so each title's state is kept exactly as on the single-threaded path.
 */
const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

async function start(): Promise<void> {
  const contracts = setup.contracts.map((ref) => loadContractRef(ref).contract);
  const catalogue = await readCatalogue(setup.titlesFile, setup.castFile, (id) => shardOf(id, setup.shards) === setup.shard);
  const titles = catalogue.titles;
  const cast: CastList | undefined = catalogue.cast;
  const calculators = contracts.map((contract) => new ContractCalculator(contract, titles, cast));
  const totals = contracts.map(() => new LineTotals());
  const comparison = setup.task.kind === "compare" ? new ComparisonSink(contracts, setup.task.by) : undefined;
  const task = setup.task;
  let parser: UsageParser | undefined;

  const format = task.kind === "calc" ? task.format : "csv";
  const explain = task.kind === "calc" && task.explain;
  const computeBatch = (packed: PackedRecords): BatchResults => {
    const records = unpack(packed);
    const lineCounts = new Int32Array(records.length);
    const lengths: number[] = [];
    const rejections: Rejection[] = [];
    let text = "";
    records.forEach(([values, number, line, malformed], index) => {
      const entry = parser!.parse(malformed === undefined ? { values, record: number, line } : { values, record: number, line, malformed });
      if (isRejection(entry)) {
        lineCounts[index] = -1;
        rejections.push(entry);
        return;
      }
      const lines = calculators.map((calculator) => calculator.linesFor(entry));
      lines.forEach((contractLines, contract) => {
        for (const one of contractLines) totals[contract]!.add(one);
      });
      if (comparison) {
        comparison.row(entry, lines);
        return;
      }
      const bodies = rowBodies(lines[0]!, format, explain);
      lineCounts[index] = bodies.length;
      for (const body of bodies) {
        text += body;
        lengths.push(body.length);
      }
    });
    return { text, bodyLengths: Int32Array.from(lengths), lineCounts, rejections };
  };

  port.on("message", (message: ToWorker) => {
    try {
      if (message.type === "header") {
        parser = new UsageParser(setup.usageFile, titles);
        parser.useHeader(message.header);
      } else if (message.type === "batch") {
        const results = computeBatch(message.records);
        port.postMessage({ type: "results", seq: message.seq, results } satisfies FromWorker, [results.bodyLengths.buffer as ArrayBuffer, results.lineCounts.buffer as ArrayBuffer]);
      } else {
        send({ type: "done", totals: totals.map((t) => t.toData()), ...(comparison ? { comparison: comparison.snapshot() } : {}) });
      }
    } catch (error) {
      fail(error);
    }
  });
  send({ type: "ready", ...(setup.shard === 0 ? { catalogue: catalogue.counts } : {}) });
}

/** The records of a packed batch, in order. */
function unpack(packed: PackedRecords): WireRecord[] {
  const lines = packed.text === "" ? [] : packed.text.split(RECORD);
  const records: WireRecord[] = [];
  let next = 0;
  let nextLoose = 0;
  for (let index = 0; index < packed.isLoose.length; index++) {
    if (packed.isLoose[index] === 1) records.push(packed.loose[nextLoose++]!);
    else records.push([lines[next++]!.split(FIELD), packed.numbers[index * 2]!, packed.numbers[index * 2 + 1]!]);
  }
  return records;
}

function fail(error: unknown): void {
  if (error instanceof OutOfOrderError) {
    send({ type: "unsorted", message: error.message });
    return;
  }
  const known = error as { name?: string; message?: string; file?: string; problems?: unknown };
  send({
    type: "failed",
    error: {
      name: known.name ?? "Error",
      message: known.message ?? String(error),
      ...(known.file !== undefined ? { file: known.file } : {}),
      ...(error instanceof ContractError ? { problems: error.problems } : {}),
    },
  });
}

start().catch(fail);
