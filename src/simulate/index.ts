export { simulateEvaluation, type SimulateOptions, type SimulatedEvaluation, type SimPanelName, type TruthPath, type CalibrationRow } from "./evaluation";
export { reportEffects, nullEffects, defaultWorld, POLICE_OFFENCES, type TrueEffects, type EffectPath, type Scenario, type WorldParameters, type PoliceOffence } from "./parameters";
export { THREATS, THREAT_EVIDENCE, parseThreats, resolveThreats, type ThreatName, type ThreatOption } from "./threats";
