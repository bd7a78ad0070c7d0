import type { ReactNode } from "react";

// Outline icons (24×24, stroke) drawn inline: no icon font or emoji font needed on any device.
const PATHS: Record<string, ReactNode> = {
  "/dashboard": <path d="M4 20V10m6 10V4m6 16v-7m4 7H2" />,
  "/inventory": <path d="M3 7l9-4 9 4-9 4-9-4zm0 0v10l9 4 9-4V7M12 11v10" />,
  "/orders": <path d="M6 2h12v20l-3-2-3 2-3-2-3 2V2zm3 6h6m-6 4h6m-6 4h4" />,
  "/resupply": <path d="M1 6h13v10H1zM14 10h4l4 4v2h-8M5 19a2 2 0 100-4 2 2 0 000 4zm12 0a2 2 0 100-4 2 2 0 000 4z" />,
  "/drops": <path d="M12 22a9 9 0 100-18 9 9 0 000 18zm0-14v5l3 2M9 2h6" />,
  "/channels": <path d="M4 6h10m0 0l-3-3m3 3l-3 3M20 18H10m0 0l3-3m-3 3l3 3M4 18h2m12-12h2" />,
  "/reconciliation": <path d="M12 3v18M5 21h14M3 8l4-4 4 4M13 8l4-4 4 4M3 8c0 2 1.8 3 4 3s4-1 4-3M13 8c0 2 1.8 3 4 3s4-1 4-3" />,
  "/shift-notes": <path d="M5 3h10l4 4v14H5zM15 3v4h4M8 12h8m-8 4h6" />,
  "/stock": <path d="M4 4h16v16H4zM8 9h8M8 13h8M8 17h5" />,
  "/settings": <path d="M12 15a3 3 0 100-6 3 3 0 000 6zm8-3l2-1-1-3-2 .2-1.3-1.3L17.9 5l-3-1-1 2h-1.8l-1-2-3 1 .2 2L6 7.3 4 7 3 10l2 1v2l-2 1 1 3 2-.2 1.3 1.3L7 21l3 1 1-2h2l1 2 3-1-.2-2 1.3-1.3 2 .3 1-3-2-1z" />,
};

export function NavIcon({ href }: { href: string }) {
  return (
    <svg viewBox="0 0 24 24" className="size-5 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      {PATHS[href] ?? <circle cx="12" cy="12" r="4" />}
    </svg>
  );
}
