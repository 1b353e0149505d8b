// Audit log details (QA3 H10): the full payload of an event, pretty-printed, and the screen
// an event's entity opens in.

/** The payload JSON indented for reading; text that is not JSON is shown as stored. */
export function prettyPayload(json: string | null | undefined): string {
  if (!json) return "";
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** The hash route of the screen showing an event's entity, or null when it has none:
 * cases, runs, employees and measures have one; a measure version opens its measure when the
 * payload names it (`measureId`). */
export function entityHref(entityType: string, entityId: string | null | undefined, payloadJson?: string | null): string | null {
  if (!entityId) return null;
  const id = encodeURIComponent(entityId);
  switch (entityType) {
    case "CASE":
      return `#/cases/${id}`;
    case "RUN":
      return `#/runs/${id}`;
    case "EMPLOYEE":
      return `#/employees/${id}`;
    case "MEASURE":
      return `#/measures/${id}`;
    case "MEASURE_VERSION": {
      try {
        const measureId = payloadJson ? JSON.parse(payloadJson)?.measureId : null;
        return typeof measureId === "string" ? `#/measures/${encodeURIComponent(measureId)}` : null;
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}
