import { label, tone } from "../labels";

/** A status value shown as a coloured chip with its readable label. */
export function Chip(props: { value: string }) {
  return (
    <span className={`chip chip-${tone(props.value)}`} data-value={props.value}>
      {label(props.value)}
    </span>
  );
}
