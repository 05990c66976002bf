/** Matching PFA/VRU names across tables that spell them differently ("Avon & Somerset" / "Avon and Somerset"). */
export function pfaKey(name: string): string {
  return name.toLowerCase().replace(/&/g, " and ").replace(/[^a-z]+/g, " ").trim();
}
