import type { CsvRecord } from "../../io/csv/records.js";
import { FIELD, RECORD, type PackedRecords, type WireRecord } from "./protocol.js";

const SEPARATOR = /[\u001e\u001f]/;

/** Records as one string for the trip to a worker (see PackedRecords). */
export function pack(records: readonly CsvRecord[]): PackedRecords {
  const numbers = new Int32Array(records.length * 2);
  const isLoose = new Uint8Array(records.length);
  const loose: WireRecord[] = [];
  let text = "";
  let packed = 0;
  records.forEach((record, index) => {
    numbers[index * 2] = record.record;
    numbers[index * 2 + 1] = record.line;
    const values = record.values;
    if (record.malformed !== undefined || values.some((value) => SEPARATOR.test(value))) {
      isLoose[index] = 1;
      loose.push(record.malformed === undefined ? [values, record.record, record.line] : [values, record.record, record.line, record.malformed]);
      return;
    }
    text += (packed++ === 0 ? "" : RECORD) + values.join(FIELD);
  });
  return { text, numbers, loose, isLoose };
}

/** The records of a packed batch, in order. */
export function unpack(packed: PackedRecords): CsvRecord[] {
  const lines = packed.text === "" ? [] : packed.text.split(RECORD);
  const records: CsvRecord[] = [];
  let next = 0;
  let nextLoose = 0;
  for (let index = 0; index < packed.isLoose.length; index++) {
    if (packed.isLoose[index] === 1) {
      const [values, record, line, malformed] = packed.loose[nextLoose++]!;
      records.push(malformed === undefined ? { values, record, line } : { values, record, line, malformed });
    } else {
      records.push({ values: lines[next++]!.split(FIELD), record: packed.numbers[index * 2]!, line: packed.numbers[index * 2 + 1]! });
    }
  }
  return records;
}
