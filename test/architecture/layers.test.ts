import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of src/ (docs/architecture.md), highest first. A file imports only from its own
 * layer or those below it, type imports included, and no chain of imports comes back to where
 * it started.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["cli"],
  ["pipeline"],
  ["engine", "contracts", "io"],
  ["rule-kinds"],
  ["money", "domain"],
];

const SRC = resolve(__dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/**
 * The source files a source imports or re-exports (static, dynamic and type-only alike); data
 * outside src/ (package.json) is in no layer.
 */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts")).filter((target) => target.startsWith(SRC + "/"));
}

/** The layer (0 highest) of a file under src/: that of its top folder. */
export function layerOf(file: string): number {
  const top = relative(SRC, file).split("/")[0]!;
  const layer = LAYERS.findIndex((folders) => folders.includes(top));
  if (layer < 0) throw new Error(`src/${top} is in no layer: add it to LAYERS and docs/architecture.md`);
  return layer;
}

/** Import cycles in a graph, each as the files around it (Tarjan's strongly connected components). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

const files = sourceFiles(SRC).sort();
const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(file, "utf8"))]));
const shown = (file: string) => relative(resolve(SRC, ".."), file);

describe("source layers", () => {
  it("no file imports from a layer above its own", () => {
    const upward = files.flatMap((file) =>
      graph
        .get(file)!
        .filter((target) => layerOf(target) < layerOf(file))
        .map((target) => `${shown(file)} imports ${shown(target)}`),
    );
    expect(upward).toEqual([]);
  });

  it("no import cycle, type imports included", () => {
    expect(cycles(graph).map((cycle) => cycle.map(shown).join(" -> "))).toEqual([]);
  });

  it("every import names a file that exists", () => {
    expect(files.flatMap((file) => graph.get(file)!.filter((target) => !graph.has(target)).map((target) => `${shown(file)}: ${shown(target)}`))).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("find an upward import, a cycle and a type-only import", () => {
    const a = join(SRC, "money", "a.ts");
    const b = join(SRC, "cli", "b.ts");
    expect(importsOf(a, 'import type { B } from "../cli/b.js";\nexport { C } from "./c.js";')).toEqual([b, join(SRC, "money", "c.ts")]);
    expect(layerOf(a)).toBeGreaterThan(layerOf(b));
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([[b, a].sort()]);
    expect(cycles(new Map([[a, [b]], [b, []]]))).toEqual([]);
  });
});
