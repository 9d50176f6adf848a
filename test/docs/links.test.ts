import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, relativeLinks } from "./markdown.js";

/** Every relative link of the README and docs/ names a file that exists, and a heading of it where it gives an anchor. */
const PAGES = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => join("docs", name))];

describe.each(PAGES)("the links of %s", (page) => {
  const text = readFileSync(page, "utf8");

  it("lead to files and headings that exist", () => {
    const broken: string[] = [];
    for (const link of relativeLinks(text)) {
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path === "" ? page : join(dirname(page), path);
      if (!existsSync(target)) broken.push(`${link}: no file ${target}`);
      else if (anchor !== undefined && !headingAnchors(readFileSync(target, "utf8")).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${target}`);
    }
    expect(broken).toEqual([]);
  });
});

describe("the markdown reading", () => {
  it("finds links outside code, and anchors as the headings give them", () => {
    const text = "# Output: lines (`--format csv`)\n\nsee [a](docs/a.md#x-y) and [b](#output-lines---format-csv)\n\n```\n[not](a link)\n```\n[web](https://example.com)";
    expect(relativeLinks(text)).toEqual(["docs/a.md#x-y", "#output-lines---format-csv"]);
    expect([...headingAnchors(text)]).toEqual(["output-lines---format-csv"]);
  });
});
