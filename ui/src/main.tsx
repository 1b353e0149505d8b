import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ensureValidLocale } from "./locale";
import "./styles.css";

// Before any library formats a number or date (uPlot does so when its module loads).
ensureValidLocale();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
