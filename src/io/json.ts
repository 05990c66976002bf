/**
 * JSON output. JSON has no NaN or ±Infinity, and JSON.stringify silently writes them as null;
 * here they are still null, but the top-level object gains a "nonFinite" note listing where
 * each was and what it was, so a reader can tell "not computed" from a real value.
 */
export interface NonFiniteNote {
  note: string;
  values: { path: string; value: "NaN" | "Infinity" | "-Infinity" }[];
}

const NOTE = "JSON cannot hold NaN or ±Infinity: these values are written as null (NaN: not computable or missing)";

/** Pretty JSON (indent 2) of `value`, with a nonFinite note when any number was NaN or infinite. */
export function toJson(value: unknown, indent = 2): string {
  const found: NonFiniteNote["values"] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) found.push({ path: path || "$", value: Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity" });
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      Array.from(v as unknown as ArrayLike<number>, (x, i) => walk(x, `${path}[${i}]`));
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") {
      const o = v as { toJSON?: () => unknown };
      if (typeof o.toJSON === "function") return walk(o.toJSON(), path);
      for (const [k, x] of Object.entries(v)) if (x !== undefined) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(value, "");
  const withNote = found.length && value && typeof value === "object" && !Array.isArray(value)
    ? { ...(value as object), nonFinite: { note: NOTE, values: found } satisfies NonFiniteNote }
    : found.length ? { value, nonFinite: { note: NOTE, values: found } } : value;
  return JSON.stringify(withNote, null, indent);
}
