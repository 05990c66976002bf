/**
 * Every estimator by name. The CLI, compare/ and notebooks look methods up here instead of
 * switching on names, so a new method is one folder plus one line below.
 */
import { InputError } from "../errors";
import type { CommonOptions, Estimator } from "./options";
import { estimator as gsynth } from "./gsynth/index";
import { estimator as scm } from "./scm/index";
import { estimator as microsynth } from "./microsynth/index";
import { estimator as its } from "./its/index";
import { estimator as twfe } from "./twfe/index";
import { estimator as did } from "./staggered/index";

// Each module's entry keeps its own options type; through the registry they take the common ones.
export const ESTIMATORS: Readonly<Record<string, Estimator<CommonOptions>>> = {
  gsynth,
  scm,
  microsynth,
  its,
  twfe,
  did,
};

/** The estimator called `name`; an InputError lists the known names otherwise. */
export function getEstimator(name: string): Estimator<CommonOptions> {
  const e = ESTIMATORS[name];
  if (!e) throw new InputError(`unknown estimator "${name}" (known: ${Object.keys(ESTIMATORS).join(", ")})`);
  return e;
}
