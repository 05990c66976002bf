/** `vru-eval tables`: list, one table, the audit (text and JSON), and bad input. */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(["tables", ...argv], { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

describe("vru-eval tables", () => {
  it("--audit --json lists each discrepancy with its location", async () => {
    const r = await run("--audit", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { counts: Record<string, number>; discrepancies: { id: string; location: string }[] };
    expect(j.counts).toEqual({ error: 5, warning: 2, note: 2 });
    expect(j.discrepancies.map((d) => d.id)).toContain("t73-text:Therapeutic");
    expect(j.discrepancies.map((d) => d.id)).toContain("bcr-upper-2.3.3-vs-footnote-1");
  });
  it("--audit prints a readable summary", async () => {
    const r = await run("--audit");
    expect(r.out).toMatch(/^9 discrepancies \(5 errors, 2 warnings, 2 notes\)/);
    expect(r.out).toMatch(/11\.07 in section 2\.3\.3 but 11\.03 in footnote 1/);
  });
  it("--table 1.1 prints the table; the listing names every table", async () => {
    expect((await run("--table", "1.1")).out).toMatch(/South Wales\s+1980680\s+1760000\s+3740680/);
    expect((await run("--json")).out).toContain('"id": "A3.4"');
  });
  it("bad input exits 2 with a message", async () => {
    expect(await run("--table", "9.9")).toMatchObject({ code: 2, err: expect.stringMatching(/--table must be one of/) });
    expect(await run("--bogus")).toMatchObject({ code: 2, err: expect.stringMatching(/unknown option --bogus/) });
    expect(await run("--dir", "/nonexistent")).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read \/nonexistent/) });
  });
});
