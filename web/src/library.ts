import { TextLibrary } from "../../src/contracts/texts.js";

// The bundled contracts, read at build time: the page fetches nothing.
const texts = import.meta.glob<string>("../../rules/*.yaml", { query: "?raw", import: "default", eager: true });

export const library = new TextLibrary(new Map(Object.entries(texts).map(([path, text]) => [path.replace(/^.*\/|\.yaml$/g, ""), text])));
