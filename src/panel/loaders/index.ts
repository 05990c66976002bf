export { loadPrcOpenData, PRC_OUTCOMES, type OffenceFilter, type PrcResult } from "./prc";
export { loadStreetCrime, type StreetCrimeResult } from "./street-crime";
export { loadGoogleMobility, type MobilityResult } from "./mobility";
export { loadStopSearch, type StopSearchResult } from "./stop-search";
export { normaliseAreaName, areaCodeByName } from "./names";
