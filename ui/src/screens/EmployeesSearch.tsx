import { useEffect, useState } from "react";
import { work } from "../api";
import type { EmployeeRow } from "../bindings";
import { openDetail } from "./CasesRoute";

/** Matches the header search shows. */
export const SEARCH_LIMIT = 8;

/** The global employee search in the header: type, pick with the arrows and Enter. */
export function EmployeesSearch() {
  const [text, setText] = useState("");
  const [hits, setHits] = useState<EmployeeRow[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (text.trim() === "") {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      work.searchEmployees(text, SEARCH_LIMIT).then(
        (rows) => {
          if (live) {
            setHits(rows);
            setActive(0);
          }
        },
        () => live && setHits([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  const open = (e: EmployeeRow) => {
    setText("");
    setHits([]);
    openDetail("employees", e.id);
  };
  return (
    <div className="employee-search" role="search">
      <input
        type="search"
        aria-label="Find an employee"
        placeholder="Find an employee…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter" && hits[active]) open(hits[active]);
          else if (e.key === "Escape") setText("");
        }}
      />
      {hits.length > 0 && (
        <ul className="search-hits" role="listbox" aria-label="Matching employees">
          {hits.map((h, i) => (
            <li
              key={h.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(ev) => {
                ev.preventDefault();
                open(h);
              }}
            >
              {h.name} <span className="muted small">{h.externalId}{h.site ? ` · ${h.site}` : ""}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
