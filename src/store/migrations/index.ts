import type { Migration } from "../migration.js";
import { foundation } from "./001-foundation.js";
import { singleSignOn } from "./002-single-sign-on.js";
import { calendarOverlay } from "./003-calendar-overlay.js";
import { releases } from "./004-releases.js";
import { notifications } from "./005-notifications.js";

/** Every schema migration, in version order. Append; never edit an applied one. */
export const migrations: readonly Migration[] = [
  foundation,
  singleSignOn,
  calendarOverlay,
  releases,
  notifications,
];
