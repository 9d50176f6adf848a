// The I/O floor: read and parse the ledger with the project's CSV reader, and write as many
// lines and bytes as calc does through the project's output writer, with no calculation.
// Usage: node dist/io-floor.js <usage.csv> <out> <records> <lines> <bytes>
import { readCsv } from "../src/io/csv/records.js";
import { Output } from "../src/io/out/output-file.js";

const [usageFile, outFile, recordsText, linesText, bytesText] = process.argv.slice(2);
const expectedRecords = Number(recordsText);
const lines = Number(linesText);
const perLine = Math.max(1, Math.round(Number(bytesText) / lines) - 1);
const output = await Output.open(outFile, process.stdout);
let written = 0;
let records = 0;
await readCsv(
  usageFile!,
  () => undefined,
  (batch) => {
    let text = "";
    for (const record of batch) {
      records++;
      // Spread the lines over the records as calc does (some records give more than one line).
      const due = Math.floor((records * lines) / expectedRecords) - written;
      for (let k = 0; k < due; k++) {
        const body = `${written + 1},${record.values.join(",")}`;
        text += (body.length >= perLine ? body.slice(0, perLine) : body.padEnd(perLine, " ")) + "\n";
        written++;
      }
    }
    return output.write(text);
  },
);
await output.commit();
await output.discard();
process.stderr.write(`records ${records}, lines ${written}\n`);
