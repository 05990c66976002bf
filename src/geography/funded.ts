/**
 * The 18 Police Force Areas that received Serious Violence (VRU and Surge) funding from
 * April 2019 (report section 1.1, Table 1.1). "London" is the London VRU's area: the
 * Metropolitan Police and City of London force areas.
 */
export const FUNDED_PFAS: readonly { name: string; codes: readonly string[] }[] = [
  { name: "London", codes: ["E23000001", "E23000034"] },
  { name: "West Midlands", codes: ["E23000014"] },
  { name: "Greater Manchester", codes: ["E23000005"] },
  { name: "Merseyside", codes: ["E23000004"] },
  { name: "West Yorkshire", codes: ["E23000010"] },
  { name: "South Yorkshire", codes: ["E23000011"] },
  { name: "Northumbria", codes: ["E23000007"] },
  { name: "Thames Valley", codes: ["E23000029"] },
  { name: "Lancashire", codes: ["E23000003"] },
  { name: "Essex", codes: ["E23000028"] },
  { name: "Avon & Somerset", codes: ["E23000036"] },
  { name: "Kent", codes: ["E23000032"] },
  { name: "Nottinghamshire", codes: ["E23000019"] },
  { name: "Leicestershire", codes: ["E23000021"] },
  { name: "Bedfordshire", codes: ["E23000026"] },
  { name: "Sussex", codes: ["E23000033"] },
  { name: "Hampshire", codes: ["E23000030"] },
  { name: "South Wales", codes: ["W15000003"] },
];

/** Every PFA code in a funded area (19 codes: London is two force areas). */
export const FUNDED_PFA_CODES: ReadonlySet<string> = new Set(FUNDED_PFAS.flatMap((f) => f.codes));

export const isFundedPfa = (code: string): boolean => FUNDED_PFA_CODES.has(code);
