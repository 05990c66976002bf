/**
 * The estimator commands' common flags, read one way for every method: the CLI spelling of
 * CommonOptions (src/estimators/options.ts). A command states which flags its method has no
 * use for (given anyway → exit 2 with the reason) and which deprecated names it still accepts.
 */
import type { CommonOptions } from "../estimators/options";
import { UsageError, type Flags } from "./args";

export type CommonFlag = "treatment-time" | "replicates" | "seed" | "alpha" | "threads" | "cluster" | "inference";

export interface CommonFlagRules<I extends string> {
  /** The method's `inference` values (its registry entry's). */
  inference: readonly I[];
  /** Flags the method has no use for, each with the reason printed when it is given. */
  unsupported?: Partial<Record<CommonFlag, string>>;
  /** Deprecated names still accepted (documented in the command's help), e.g. replicates: ["nboots"]. */
  aliases?: Partial<Record<CommonFlag, readonly string[]>>;
  /** Smallest --replicates accepted (default 1). */
  minReplicates?: number;
}

/** The common flags as CommonOptions (only those given); usage errors name the flag as typed. */
export function commonOptions<I extends string>(flags: Flags, rules: CommonFlagRules<I>): Omit<CommonOptions, "onProgress" | "inference"> & { inference?: I } {
  // Each flag under the name it was given (alias or not); a flag the method does not use is an error.
  const read = <T>(f: CommonFlag, get: (name: string) => T | undefined): T | undefined => {
    const n = flags.given(f, rules.aliases?.[f] ?? []), why = rules.unsupported?.[f];
    if (why === undefined) return get(n);
    if (flags.has(n)) throw new UsageError(`--${n}: ${why}`);
    return undefined;
  };
  const treatmentTime = read("treatment-time", (n) => flags.string(n));
  const replicates = read("replicates", (n) => flags.integer(n, undefined, rules.minReplicates ?? 1));
  const seed = read("seed", (n) => flags.integer(n));
  const alpha = read("alpha", (n) => flags.number(n)); // Flags checks the declared range (0, 1)
  const threads = read("threads", (n) => flags.integer(n, undefined, 1));
  const cluster = read("cluster", (n) => flags.string(n));
  const inference = read("inference", (n) => {
    const v = flags.string(n);
    const known = rules.inference.find((x) => x === v);
    if (v !== undefined && known === undefined) throw new UsageError(`--${n} must be one of ${rules.inference.join(", ")}; got "${v}"`);
    return known;
  });
  return {
    ...(treatmentTime !== undefined ? { treatmentTime } : {}),
    ...(replicates !== undefined ? { replicates } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    ...(inference !== undefined ? { inference } : {}),
  };
}
