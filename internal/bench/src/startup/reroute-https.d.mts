/** Sends every `https.request` of this process to `intakeUrl` (`http://host:port`) instead. */
export function rerouteHttpsTo(intakeUrl: string): void;
