import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { mapParallel } from "../src/parallel/pool";
import { childSeeds } from "../src/random";

const task = join(__dirname, "fixtures", "square-task.ts");
const tasks = childSeeds(7, 20).map((seed, x) => ({ seed, x }));

describe("mapParallel", () => {
  it("returns the same results in task order for 1 and 2 threads", async () => {
    const one = await mapParallel<{ factor: number }, { seed: number; x: number }, number>(task, "squareTask", tasks, { shared: { factor: 2 }, threads: 1 });
    let progress = 0;
    const two = await mapParallel<{ factor: number }, { seed: number; x: number }, number>(task, "squareTask", tasks, { shared: { factor: 2 }, threads: 2, onProgress: (d) => { progress = d; } });
    expect(two).toEqual(one);
    expect(progress).toBe(20);
    expect(one[3]).toBeGreaterThanOrEqual(18);
    expect(one[3]).toBeLessThan(19);
  });

  it("awaits tasks that return a promise, in-process and on workers", async () => {
    const sync = await mapParallel(task, "squareTask", tasks, { shared: { factor: 2 }, threads: 1 });
    for (const threads of [1, 2]) expect(await mapParallel(task, "squareTaskAsync", tasks, { shared: { factor: 2 }, threads })).toEqual(sync);
    await expect(mapParallel(task, "squareTaskAsync", [{ seed: 2, x: -1 }], { shared: { factor: 1 }, threads: 2 })).rejects.toThrow(/negative input -1/);
  });

  it("rejects with the failing task's error", async () => {
    await expect(mapParallel(task, "squareTask", [{ seed: 1, x: 1 }, { seed: 2, x: -1 }], { shared: { factor: 1 }, threads: 2 })).rejects.toThrow(/negative input -1/);
  });

  it("names a missing export", async () => {
    await expect(mapParallel(task, "nope", [{ seed: 1, x: 1 }], { threads: 1 })).rejects.toThrow(/does not export a function "nope"/);
  });
});
