import { formatDay, type Day } from "../../domain/days.js";
import type { Services, SubscriberCount } from "../../domain/inputs.js";
import { readTable, type Rejection } from "./column-reader.js";
import { parseDate, parsePositiveCount } from "./cell-values.js";

const SERVICE_COLUMNS = [
  { name: "service", required: true },
  { name: "as_of", required: true, parse: parseDate },
  { name: "domestic_subscribers", required: true, parse: parsePositiveCount },
] as const;

export interface ServicesRead {
  /** Each service's counts, ascending by date. */
  readonly services: Services;
  readonly read: number;
  readonly used: number;
  readonly rejections: Rejection[];
}

/**
 * Reads a services file (`--services`): a service's domestic subscribers as of a date, one row
 * per count date. A second count for the same service and date is rejected (which one is
 * meant cannot be told).
 */
export async function readServices(file: string): Promise<ServicesRead> {
  const services = new Map<string, SubscriberCount[]>();
  const firstLine = new Map<string, number>();
  let used = 0;
  const { read, rejections } = await readTable(file, SERVICE_COLUMNS, (cells, record, reject) => {
    const service = cells[0] as string;
    const asOf = cells[1] as Day;
    const subscribers = cells[2] as number;
    const key = `${service}\u0000${asOf}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) return reject("as_of", formatDay(asOf), `a second count for service ${service} on this date (first on line ${earlier})`);
    firstLine.set(key, record.line);
    used++;
    const counts = services.get(service) ?? [];
    counts.push({ asOf, subscribers: BigInt(subscribers) });
    services.set(service, counts);
  });
  for (const counts of services.values()) counts.sort((a, b) => a.asOf - b.asOf);
  return { services, read, used, rejections };
}
